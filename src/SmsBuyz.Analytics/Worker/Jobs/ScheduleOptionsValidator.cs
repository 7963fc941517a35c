using Cronos;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>A bad cron or time zone fails at start naming the key, not silently at the first missed run.</summary>
internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions o) => Failures.Of(
        [.. o.Jobs.Select(j => Cron(j.Key, j.Cron)), TimeZone(o.TimeZone)]);

    private static string? Cron(string key, string cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
            return null;
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields == 6)
            return $"{key} must be a 5-field cron 'minute hour day-of-month month day-of-week' such as */5 * * * *; seconds are not supported (got '{cron}')";
        return CronExpression.TryParse(cron, CronFormat.Standard, out _)
            ? null
            : $"{key} must be a 5-field cron 'minute hour day-of-month month day-of-week' such as */5 * * * *, or empty to disable the job (got '{cron}')";
    }

    private static string? TimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return $"Schedules:TimeZone must be an IANA time zone id such as UTC or Europe/Berlin (got '{id}')";
        }
    }
}
