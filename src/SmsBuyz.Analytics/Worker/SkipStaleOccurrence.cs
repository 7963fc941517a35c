using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Drops a run of a recurring job created more than one period of its cron ago. Such a run was fetched by a worker
/// that died before running it (killed, machine gone), and Hangfire hands it out again only after
/// <c>InvisibilityTimeout</c> (an hour): later occurrences have covered it long since, and running it then would record
/// one occurrence twice. The dead worker's sweep row, if it had begun one, is closed as interrupted instead.
/// </summary>
public sealed partial class SkipStaleOccurrence(IOptions<ScheduleOptions> schedules, ILogger<SkipStaleOccurrence> logger) : IServerFilter
{
    /// <summary>Hangfire's job parameter naming the recurring job a run was created for (by its cron or a trigger).</summary>
    private const string RecurringJobId = "RecurringJobId";

    public void OnPerforming(PerformingContext context)
    {
        var id = context.GetJobParameter<string>(RecurringJobId, allowStale: true);
        var cron = schedules.Value.Jobs.FirstOrDefault(j => j.Id == id).Cron;
        if (id is null || string.IsNullOrWhiteSpace(cron))
            return;
        // Hangfire stamps a job with the machine's clock, whatever TimeProvider the app runs on.
        var created = new DateTimeOffset(DateTime.SpecifyKind(context.BackgroundJob.CreatedAt, DateTimeKind.Utc));
        if (!IsStale(created, cron.Trim(), schedules.Value.ResolveTimeZone(), DateTimeOffset.UtcNow))
            return;
        context.Canceled = true;
        LogAbandoned(id, created.UtcDateTime);
    }

    public void OnPerformed(PerformedContext context)
    {
    }

    /// <summary>Older than the gap between the cron's last two due times (<see cref="SweepHealth.Interval"/>).</summary>
    public static bool IsStale(DateTimeOffset createdAt, string cron, TimeZoneInfo zone, DateTimeOffset now) =>
        now - createdAt > SweepHealth.Interval(cron, zone, now);

    /// <summary>Hangfire's filters and this one, for the server: not added to Hangfire's static global filters, which
    /// outlive a host (tests build many).</summary>
    internal sealed class Provider(IJobFilterProvider hangfire, SkipStaleOccurrence filter) : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) => hangfire.GetFilters(job).Append(new JobFilter(filter, JobFilterScope.Global, null));
    }

    [LoggerMessage(LogLevel.Warning, "Job {JobId}: the run queued at {CreatedAt:HH:mm:ss} UTC waited longer than its schedule's period (a worker stopped before running it, or none was free); later runs cover it, so it is dropped")]
    private partial void LogAbandoned(string jobId, DateTime createdAt);
}
