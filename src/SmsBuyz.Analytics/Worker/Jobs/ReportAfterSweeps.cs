using Cronos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// Before a scheduled report: the market sweeps due in the same minute (<c>Schedules:Products</c>,
/// <c>Schedules:Prices</c>) run first, and a market sweep still going ends first. With the default schedules every
/// hourly report falls on a five-minute sweep. Started side by side, the report showed the market of five minutes
/// before, and the two heaviest jobs ran at once on the same cores: in a soak on a whole market a products sweep took
/// 7.3 s beside a report against 1–3 s alone, and their memory peaks added up. A report waits at most
/// <see cref="MaxWait"/>, then runs anyway; a due sweep that has not started within <see cref="StartGrace"/> (Hangfire
/// picks a due job up within a second or two here; on PostgreSQL another worker may have run it) is not waited for.
/// </summary>
public sealed partial class ReportAfterSweeps(JobGate gate, IOptions<ScheduleOptions> schedules, TimeProvider time,
    ILogger<ReportAfterSweeps> logger)
{
    internal static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(10);
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly string[] MarketSweeps = [JobIds.Products, JobIds.Prices];

    /// <returns>How long the report waited.</returns>
    public async Task<TimeSpan> WaitAsync(CancellationToken ct)
    {
        var start = time.GetUtcNow();
        var minute = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var due = MarketSweeps.Where(id => DueAt(id, minute)).ToList();
        while (true)
        {
            var waited = time.GetUtcNow() - start;
            var pending = MarketSweeps.Where(id => gate.IsRunning(id)
                || (due.Contains(id) && !(gate.LastStarted(id) >= minute) && waited < StartGrace)).ToList();
            if (pending.Count == 0 || waited >= MaxWait)
            {
                if (waited > TimeSpan.Zero)
                    LogWaited(waited.TotalSeconds, pending.Count == 0 ? "" : $" (still going: {string.Join(", ", pending)})");
                return waited;
            }
            await Task.Delay(Poll, time, ct);
        }
    }

    /// <summary>Whether <paramref name="jobId"/>'s cron fires at <paramref name="minute"/> in the schedules' zone.</summary>
    private bool DueAt(string jobId, DateTimeOffset minute)
    {
        var s = schedules.Value;
        var cron = s.Jobs.Single(j => j.Id == jobId).Cron.Trim();
        return cron.Length > 0
            && CronExpression.Parse(cron).GetNextOccurrence(minute, s.ResolveTimeZone(), inclusive: true) == minute;
    }

    [LoggerMessage(LogLevel.Debug, "Report started after waiting {Seconds:0.0} s for the market sweeps of its minute{StillGoing}")]
    private partial void LogWaited(double seconds, string stillGoing);
}
