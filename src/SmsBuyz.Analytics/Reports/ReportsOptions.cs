using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The <c>Reports</c> section: where <c>report</c> and the reports job write, and how charts look.</summary>
public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Each report goes into a dated folder below this one, plus a copy named <c>latest</c>.</summary>
    public string OutputDirectory { get; set; } = "reports";

    /// <summary>The period a report covers when no <c>--from</c> is given: this many days up to now.</summary>
    public int DefaultDays { get; set; } = 30;

    /// <summary>Per-product charts are drawn for at most this many products (those with the most series).</summary>
    public int MaxProductCharts { get; set; } = 20;

    /// <summary>Every chart's font; must be installed (fonts-dejavu-core), or the report fails rather than draw no text.</summary>
    public string FontFamily { get; set; } = "DejaVu Sans";

    public int ChartWidth { get; set; } = 1200;

    public int ChartHeight { get; set; } = 600;
}

internal sealed class ReportsOptionsValidator : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions o) => Failures.Of(
        !string.IsNullOrWhiteSpace(o.OutputDirectory) && o.OutputDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? null : $"Reports:OutputDirectory must be a folder path such as reports (got '{o.OutputDirectory}')",
        o.DefaultDays is >= 1 and <= 3650 ? null : $"Reports:DefaultDays must be between 1 and 3650 (got {o.DefaultDays})",
        o.MaxProductCharts is >= 0 and <= 500 ? null : $"Reports:MaxProductCharts must be between 0 and 500 (got {o.MaxProductCharts})",
        !string.IsNullOrWhiteSpace(o.FontFamily) ? null : "Reports:FontFamily must name an installed font family such as DejaVu Sans",
        o.ChartWidth is >= 300 and <= 8000 ? null : $"Reports:ChartWidth must be between 300 and 8000 pixels (got {o.ChartWidth})",
        o.ChartHeight is >= 200 and <= 8000 ? null : $"Reports:ChartHeight must be between 200 and 8000 pixels (got {o.ChartHeight})");
}

public static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ReportsOptions, ReportsOptionsValidator>(configuration, ReportsOptions.Section);
        services.AddScoped<ReportsRunner>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<ReportLoader>();
        services.AddSingleton<ReportBuilder>();
        return services;
    }
}
