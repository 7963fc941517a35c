using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// Reads the overview from the database through the slices that own each part. Read-only: unlike <c>status</c>, it
/// neither asks the API nor closes interrupted sweeps, so a page left open in a browser changes nothing.
/// </summary>
public sealed class OverviewReader(MarketNow market, BuyingNow buying, SweepStore sweeps, OpenOrders orders, AlertStore alerts,
    TimeProvider time)
{
    /// <summary>How far back the overview lists alerts, and at most how many.</summary>
    public static readonly TimeSpan AlertsSince = TimeSpan.FromDays(1);

    public const int MaxAlerts = 20;

    public async Task<Overview> ReadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (latest, _) = await sweeps.RecentAsync(now, ct);
        var errors = (await sweeps.ErrorsAsync([.. latest.Where(s => s.Errors > 0 || s.Interrupted).Select(s => s.Id)], ct)).ToLookup(e => e.SweepId);
        return new Overview(now, await market.CheapestAsync(now, ct),
            [.. latest.Select(s => new SweepLine(s, [.. errors[s.Id]]))], await orders.ReadAsync(ct), await buying.ReadAsync(ct),
            await alerts.RecentAsync(now - AlertsSince, MaxAlerts, ct));
    }
}
