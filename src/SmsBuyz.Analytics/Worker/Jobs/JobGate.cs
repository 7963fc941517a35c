using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// At most one run per job at a time: a run that finds the previous one still going is skipped (logged, not queued),
/// so a slow sweep never piles up a backlog. Two gates, taken without waiting, in this order:
/// <list type="number">
/// <item>In this process, a <see cref="SemaphoreSlim"/> per job id. On <c>Storage:Provider Sqlite</c> it is the only
/// gate, and enough: jobs run in one process only, since one worker owns a Hangfire file (<see cref="HangfireStorage"/>'s
/// lock file beside it refuses a second).</item>
/// <item>On <c>Storage:Provider PostgreSql</c>, where several workers may share the schedule, also
/// <c>pg_try_advisory_lock(</c><see cref="PgLocks.Jobs"/><c>, hashtext(job id))</c> on this process's
/// <see cref="PgPresence"/> session, released after the run. It comes second because session locks are reentrant:
/// the process's own runs would not exclude each other there. A worker that dies, or whose presence session breaks,
/// frees it with the session at once (after a reconnect mid-run another worker may start the job meanwhile; PgPresence
/// logs that). Hangfire's own locks are not used: a dead holder's row would block the job for
/// <c>DistributedLockTimeout</c>.</item>
/// </list>
/// A database that cannot be reached for the lock fails the run (it is not skipped); a failed unlock is left to the
/// broken session, which released the lock with itself.
/// </summary>
public sealed partial class JobGate(Database db, PgPresence presence, ILogger<JobGate> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> running = new(StringComparer.Ordinal);

    /// <returns>False when the run was skipped.</returns>
    public async Task<bool> RunExclusiveAsync(string jobId, Func<CancellationToken, Task> run, CancellationToken ct)
    {
        var gate = running.GetOrAdd(jobId, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(0, CancellationToken.None))
        {
            LogSkipped(jobId);
            return false;
        }
        try
        {
            if (db.Provider == StorageProvider.PostgreSql && !await TryLockAsync(jobId, ct))
            {
                LogSkippedElsewhere(jobId);
                return false;
            }
            try
            {
                await run(ct);
                return true;
            }
            finally
            {
                if (db.Provider == StorageProvider.PostgreSql)
                    await UnlockAsync(jobId);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private Task<bool> TryLockAsync(string jobId, CancellationToken ct) => presence.RunAsync(c => c.ExecuteScalarAsync<bool>(new CommandDefinition(
        $"SELECT pg_try_advisory_lock({PgLocks.Jobs}, hashtext(@jobId))", new { jobId }, cancellationToken: ct)), ct);

    /// <summary>Best effort: a presence session that broke meanwhile released the lock with itself.</summary>
    private async Task UnlockAsync(string jobId)
    {
        try
        {
            await presence.RunAsync(c => c.ExecuteScalarAsync<bool>(
                $"SELECT pg_advisory_unlock({PgLocks.Jobs}, hashtext(@jobId))", new { jobId }), CancellationToken.None);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            LogUnlockFailed(jobId, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job {JobId} skipped: previous run still going")]
    private partial void LogSkipped(string jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} skipped: previous run still going on another worker")]
    private partial void LogSkippedElsewhere(string jobId);

    [LoggerMessage(LogLevel.Debug, "Job {JobId}: its gate was not released ({Message}); the broken session released it")]
    private partial void LogUnlockFailed(string jobId, string message);
}
