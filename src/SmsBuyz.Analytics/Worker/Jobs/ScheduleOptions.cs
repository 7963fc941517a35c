using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The <c>Schedules</c> section: a 5-field cron per recurring job, read in <see cref="TimeZone"/>.
/// An empty cron disables that job (and removes it from Hangfire if an earlier run had scheduled it).
/// </summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>Guest products for every configured country × operator.</summary>
    public string Products { get; set; } = "*/5 * * * *";

    /// <summary>Guest prices for the configured products.</summary>
    public string Prices { get; set; } = "*/5 * * * *";

    /// <summary>Profile, orders and payments; never scheduled without an API key.</summary>
    public string Account { get; set; } = "*/10 * * * *";

    /// <summary>The reports job: the full report, and CSV exports of the latest prices, orders and payments, into
    /// <c>Worker:ReportsDirectory</c>.</summary>
    public string Reports { get; set; } = "0 * * * *";

    /// <summary>History retention and rollups.</summary>
    public string Maintenance { get; set; } = "15 3 * * *";

    /// <summary>
    /// Run the products, prices and account sweeps once as soon as the worker starts, instead of leaving a new
    /// install with nothing until the first cron tick (up to five minutes with the defaults).
    /// </summary>
    public bool SweepOnStart { get; set; } = true;

    /// <summary>IANA time zone id the crons are read in, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Every job by its Hangfire id with its cron and configuration key.</summary>
    public IEnumerable<(string Id, string Key, string Cron)> Jobs =>
    [
        (JobIds.Products, $"{Section}:{nameof(Products)}", Products),
        (JobIds.Prices, $"{Section}:{nameof(Prices)}", Prices),
        (JobIds.Account, $"{Section}:{nameof(Account)}", Account),
        (JobIds.Reports, $"{Section}:{nameof(Reports)}", Reports),
        (JobIds.Maintenance, $"{Section}:{nameof(Maintenance)}", Maintenance),
    ];

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Recurring job ids: stable across restarts, so a restart updates jobs instead of adding new ones.</summary>
public static class JobIds
{
    public const string Products = SweepKind.Products;
    public const string Prices = SweepKind.Prices;
    public const string Account = SweepKind.Account;
    public const string Reports = SweepKind.Reports;
    public const string Maintenance = SweepKind.Maintenance;
}
