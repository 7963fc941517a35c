using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// After a 401/403 the key will not start working by itself, so account sweeps stop (with one clear error line)
/// instead of failing every ten minutes; guest sweeps go on. Only a restart with a fixed key resumes them.
/// </summary>
public sealed partial class AccountPause(ILogger<AccountPause> logger)
{
    private int paused;

    public bool IsPaused => Volatile.Read(ref paused) == 1;

    public void PauseOnAuthFailure(SweepSummary summary)
    {
        var failure = summary.Failures.FirstOrDefault(f => SweepErrorKind.Auth.Contains(f.Kind, StringComparer.Ordinal));
        if (failure is not null && Interlocked.Exchange(ref paused, 1) == 0)
            LogPaused(failure.Kind);
    }

    [LoggerMessage(LogLevel.Error, "SmsBuyz rejected the API key ({Kind}); account sweeps are paused until the key is fixed and the worker restarted")]
    private partial void LogPaused(string kind);
}
