using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

[Flags]
public enum SweepParts { Products = 1, Prices = 2, Account = 4, All = Products | Prices | Account }

/// <summary>
/// A scheduled sweep (or the <c>snapshot</c> command's): every planned market request (<see cref="SweepPlanner"/>,
/// <see cref="MarketFetch"/>) and, with an API key, the account, all run through the <see cref="SweepPipeline"/>. Each
/// answer is written as soon as it is read (answers arriving together share a commit, see <see cref="MarketStore"/>), so
/// one failing endpoint neither stalls nor undoes the rest. The sweep listeners (log, metrics, health) are told how it ended.
/// </summary>
public sealed class SweepRunner(
    SmsBuyzClient client, SweepPipeline pipeline, MarketFetch market, AccountStore account, IOptions<MonitorOptions> monitor,
    IEnumerable<ISweepListener> listeners)
{
    public async Task<SweepSummary> RunAsync(string kind, SweepParts parts, CancellationToken ct)
    {
        var targets = SweepPlanner.Plan(monitor.Value, parts.HasFlag(SweepParts.Products), parts.HasFlag(SweepParts.Prices), market.Shape.Current);
        var withAccount = parts.HasFlag(SweepParts.Account) && client.HasApiKey;
        var plan = string.Join(", ", targets.Select(Describe).Append(withAccount ? "account" : "").Where(s => s.Length > 0));
        List<SweepPart> work = [.. targets.Select(t => market.Part(t))];
        if (withAccount)
            work.AddRange(AccountParts());
        return await pipeline.RunAsync(kind, plan, work, Tell, ct);
    }

    private void Tell(SweepSummary summary)
    {
        foreach (var listener in listeners)
            listener.SweepEnded(summary);
    }

    private static string Describe(SweepTarget target) =>
        target.StandsInFor > 0 ? $"{target.Name} (for {target.StandsInFor} guest/products/{{country}}/{{operator}})" : target.Name;

    private IEnumerable<SweepPart> AccountParts()
    {
        yield return new SweepPart("user/profile", async (sweep, ct) =>
        {
            await account.AddProfileAsync(sweep.Id, await client.GetProfileAsync(ct), ct);
            return [];
        });
        yield return new SweepPart("user/orders", async (sweep, ct) =>
        {
            var orders = await client.GetAllOrdersAsync("activation", ct);
            sweep.Counts.AddPoints(orders.Count);
            sweep.Counts.AddChanges(await account.UpsertOrdersAsync(orders, ct));
            return [];
        });
        yield return new SweepPart("user/payments", async (sweep, ct) =>
        {
            var payments = await client.GetPaymentsAsync(ct);
            sweep.Counts.AddPoints(payments.Count);
            sweep.Counts.AddChanges(await account.UpsertPaymentsAsync(payments, ct));
            return [];
        });
    }
}
