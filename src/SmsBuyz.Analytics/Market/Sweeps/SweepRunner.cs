using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Market.Sweeps;

[Flags]
public enum SweepParts { Products = 1, Prices = 2, Account = 4, All = Products | Prices | Account }

/// <summary>
/// A scheduled sweep (or the <c>snapshot</c> command's), at every configured provider at once: each provider's planned
/// market requests (<see cref="SweepPlanner"/>, <see cref="MarketFetch"/>) and, for each entry with an API key, its
/// account (<see cref="AccountSweep"/>), each provider entry's run through the <see cref="SweepPipeline"/> as a sweep row
/// of its own. Providers have their own rate limits and clients, so a slow or failing one delays none of the others'
/// rows. Each answer is written as soon as it is read (answers arriving together share a commit, see
/// <see cref="MarketStore"/>), so one failing endpoint neither stalls nor undoes the rest. The sweep listeners (log,
/// metrics, health) are told how each ended.
/// </summary>
public sealed class SweepRunner(
    ProviderSet providers, SweepPipeline pipeline, MarketFetch market, AccountSweep account, IOptions<MonitorOptions> monitor,
    IEnumerable<ISweepListener> listeners)
{
    /// <param name="asks">Which provider entries to ask; all when null.</param>
    /// <returns>One summary per provider entry that had something to ask, in the configured order.</returns>
    public async Task<IReadOnlyList<SweepSummary>> RunAsync(string kind, SweepParts parts, CancellationToken ct,
        Func<ProviderConnection, bool>? asks = null)
    {
        var runs = providers.All.Where(asks ?? (_ => true)).Select(provider => Plan(provider, parts)).OfType<Run>()
            .Select(run => pipeline.RunAsync(run.Provider, kind, run.Plan, run.Work, Tell, ct));
        return await Task.WhenAll(runs);
    }

    private sealed record Run(ProviderConnection Provider, string Plan, IReadOnlyList<SweepPart> Work);

    /// <returns>Null when the entry has nothing to ask: a second account's market is its provider's, swept once.</returns>
    private Run? Plan(ProviderConnection provider, SweepParts parts)
    {
        var targets = provider.SweepsMarket
            ? SweepPlanner.Plan(monitor.Value, parts.HasFlag(SweepParts.Products), parts.HasFlag(SweepParts.Prices), market.ShapeOf(provider).Current)
            : [];
        var withAccount = parts.HasFlag(SweepParts.Account) && provider.HasApiKey;
        // Prices requests first: a full list is the largest answer by far (the whole market), so it is asked before the
        // small products answers take the rate limit's tokens, and its transfer, parse and write run while they arrive,
        // instead of starting when they are done.
        List<SweepPart> work = [.. targets.OrderBy(t => t.Kind == SweepTargetKind.Products).Select(t => market.Part(provider, t))];
        if (withAccount)
            work.AddRange(account.Parts(provider));
        if (work.Count == 0)
            return null;
        var plan = string.Join(", ", targets.Select(Describe).Append(withAccount ? "account" : "").Where(s => s.Length > 0));
        return new Run(provider, plan, work);
    }

    private void Tell(SweepSummary summary)
    {
        foreach (var listener in listeners)
            listener.SweepEnded(summary);
    }

    private static string Describe(SweepTarget target) =>
        target.StandsInFor > 0 ? $"{target.Name} (for {target.StandsInFor} guest/products/{{country}}/{{operator}})" : target.Name;
}
