using Hangfire;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The Hangfire entry points of the sweeps, each at every configured provider. They take no arguments but the
/// cancellation token (the API keys come from options, so it never shows in Hangfire's storage or dashboard); each run is a <c>sweep</c> row.
/// No automatic retry: a failed sweep is recorded, and the next scheduled run is the retry.
/// </summary>
public sealed partial class SweepJobs(SweepRunner runner, JobGate gate, AccountPause pause, ILogger<SweepJobs> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public Task ProductsAsync(CancellationToken ct) =>
        gate.RunExclusiveAsync(JobIds.Products, token => runner.RunAsync(JobIds.Products, SweepParts.Products, token), ct);

    [AutomaticRetry(Attempts = 0)]
    public Task PricesAsync(CancellationToken ct) =>
        gate.RunExclusiveAsync(JobIds.Prices, token => runner.RunAsync(JobIds.Prices, SweepParts.Prices, token), ct);

    [AutomaticRetry(Attempts = 0)]
    public Task AccountAsync(CancellationToken ct) => gate.RunExclusiveAsync(JobIds.Account, async token =>
    {
        foreach (var summary in await runner.RunAsync(JobIds.Account, SweepParts.Account, token, Unpaused))
            pause.PauseOnAuthFailure(summary);
    }, ct);

    private bool Unpaused(ProviderConnection provider)
    {
        if (!pause.IsPaused(provider))
            return true;
        LogPaused(provider.Name);
        return false;
    }

    [LoggerMessage(LogLevel.Debug, "Account sweep at {Provider} skipped: paused after it rejected the API key")]
    private partial void LogPaused(string provider);
}
