using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// At most one run per job at a time: a run that finds the previous one still going is skipped rather than
/// queued, so a slow sweep never piles up a backlog. In-process is enough because one worker owns a Hangfire file.
/// </summary>
public sealed partial class JobGate(ILogger<JobGate> logger)
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
            await run(ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job {JobId} skipped: previous run still going")]
    private partial void LogSkipped(string jobId);
}
