using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// At most one run per job at a time: a run that finds the previous one still going is skipped rather than
/// queued, so a slow sweep never piles up a backlog. In this process a semaphore says so. On PostgreSQL, where several
/// workers share the jobs, the run also takes a session advisory lock on this process's <see cref="PgPresence"/>
/// (after the semaphore: session locks are reentrant, so the process's own runs would not exclude each other there). A
/// worker that dies frees it at once with its session; Hangfire's own locks are not used for this, since a dead
/// holder's row would block the job for <c>DistributedLockTimeout</c>.
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
