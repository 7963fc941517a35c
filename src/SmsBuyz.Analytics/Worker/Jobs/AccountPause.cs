using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// After a 401/403 the key will not start working by itself, so that provider entry's account sweeps stop (with one
/// clear error line) instead of failing every ten minutes; guest sweeps and the other entries' accounts go on. Only a
/// restart with a fixed key resumes them.
/// </summary>
public sealed partial class AccountPause(ILogger<AccountPause> logger)
{
    private readonly ConcurrentDictionary<string, string> _paused = new(StringComparer.Ordinal);

    public bool IsPaused(ProviderConnection provider) => _paused.ContainsKey(provider.Setting);

    public void PauseOnAuthFailure(SweepSummary summary)
    {
        var failure = summary.Failures.FirstOrDefault(f => SweepErrorKind.Auth.Contains(f.Kind, StringComparer.Ordinal));
        if (failure is not null && summary.Asked is { } provider && _paused.TryAdd(provider.Setting, failure.Kind))
            LogPaused(provider.Name, failure.Kind, provider.Setting);
    }

    [LoggerMessage(LogLevel.Error, "{Provider} rejected the API key ({Kind}); its account sweeps are paused until {Setting}:ApiKey is fixed and the worker restarted")]
    private partial void LogPaused(string provider, string kind, string setting);
}
