using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// At most one run per job at a time: a run that finds the previous one still going is skipped (logged, not queued),
/// so a slow sweep never piles up a backlog. Two gates, taken without waiting, in this order:
/// <list type="number">
/// <item>In this process, a <see cref="SemaphoreSlim"/> per job id.</item>
/// <item>Across the workers that share the database, the job's <see cref="Presence"/> lock, given up after the run. On
/// <c>Storage:Provider PostgreSql</c>, where several workers may share the schedule, it is
/// <c>pg_try_advisory_lock(</c><see cref="PgLocks.Jobs"/><c>, hashtext(job id))</c> on this process's presence session.
/// It comes second because session locks are reentrant: the process's own runs would not exclude each other there. A
/// worker that dies, or whose presence session breaks, frees it with the session at once (after a reconnect mid-run
/// another worker may start the job meanwhile; PgPresence logs that). Hangfire's own locks are not used: a dead
/// holder's row would block the job for <c>DistributedLockTimeout</c>. On <c>Storage:Provider Sqlite</c> it is this
/// process's at once: jobs run in one process only, since one worker owns a Hangfire file (<see cref="HangfireStorage"/>'s
/// lock file beside it refuses a second).</item>
/// </list>
/// A database that cannot be reached for the lock fails the run (it is not skipped); a failed release is left to the
/// broken session, which released the lock with itself. One skip in this process is logged at Information: a run that
/// overlaps one tick is ordinary (the start-up sweeps, failing slowly offline, still run at the first cron tick). A
/// second skip of the same run is a Warning: that job takes longer than its schedule allows.
/// </summary>
public sealed partial class JobGate(Presence presence, TimeProvider time, ILogger<JobGate> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> skips = new(StringComparer.Ordinal); // of the run going now

    /// <summary>Whether a run of <paramref name="jobId"/> holds this process's gate now.</summary>
    public bool IsRunning(string jobId) => running.TryGetValue(jobId, out var gate) && gate.CurrentCount == 0;

    /// <summary>When the last run of <paramref name="jobId"/> in this process took the gate; null before the first.</summary>
    public DateTimeOffset? LastStarted(string jobId) => started.TryGetValue(jobId, out var at) ? at : null;

    /// <returns>False when the run was skipped.</returns>
    public async Task<bool> RunExclusiveAsync(string jobId, Func<CancellationToken, Task> run, CancellationToken ct)
    {
        var gate = running.GetOrAdd(jobId, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(0, CancellationToken.None))
        {
            var going = (long)(time.GetUtcNow() - LastStarted(jobId).GetValueOrDefault(time.GetUtcNow())).TotalSeconds;
            if (skips.AddOrUpdate(jobId, 1, (_, n) => n + 1) == 1)
                LogSkipped(jobId);
            else
                LogSkippedAgain(jobId, going, ScheduleKey(jobId));
            return false;
        }
        try
        {
            var key = PresenceKey.Named(PgLocks.Jobs, jobId);
            if (!await presence.TryTakeAsync(key, ct))
            {
                LogSkippedElsewhere(jobId);
                return false;
            }
            started[jobId] = time.GetUtcNow();
            skips[jobId] = 0;
            try
            {
                await run(ct);
                return true;
            }
            finally
            {
                await presence.ReleaseAsync(key);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(LogLevel.Information, "Job {JobId} skipped: previous run still going")]
    private partial void LogSkipped(string jobId);

    /// <summary>The job's schedule setting (Schedules:Products for products).</summary>
    private static string ScheduleKey(string jobId) =>
        new ScheduleOptions().Jobs.Where(j => j.Id == jobId).Select(j => j.Key).FirstOrDefault() ?? ScheduleOptions.Section;

    [LoggerMessage(LogLevel.Warning, "Job {JobId} skipped again: its run has been going for {Seconds} s, longer than its schedule allows; " +
        "give it a wider {Setting} or find what slows it (Debug log, /metrics)")]
    private partial void LogSkippedAgain(string jobId, long seconds, string setting);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} skipped: previous run still going on another worker")]
    private partial void LogSkippedElsewhere(string jobId);
}
