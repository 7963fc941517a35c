using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// One offer (product × country × operator, spelled any way: the read model compares keys) from the market read model:
/// its latest state, and its history over a period in the report's steps (<see cref="StepsAsync"/>), which the page's
/// statistics and its charts share.
/// </summary>
/// <param name="queries">When the first sweep started: a period begins there when that is later (as the report's charts do).</param>
public sealed class OfferReader(MarketReadModel market, ReportQueries queries, DeliveryReader delivery, IOptionsMonitor<RulesOptions> rules,
    Identities identities, TimeProvider time)
{
    /// <summary>Steps per period, as the report's trend charts take them: fine enough for a chart, few enough for one small query.</summary>
    public const int Steps = 300;

    /// <summary>
    /// The offer at the provider stored under <paramref name="provider"/> (any case; the configured default provider when
    /// none is named, as links made before providers were told apart do); null when no such offer is stored.
    /// </summary>
    public async Task<SeriesInfo?> FindAsync(string? provider, string product, string country, string operatorName, CancellationToken ct)
    {
        var filter = provider is null
            ? new MarketFilter { Provider = (await identities.ProviderAsync(ct)).Id, Products = [product], Countries = [country] }
            : new MarketFilter { Products = [product], Countries = [country] };
        return (await market.LatestAsync(filter, ct)).FirstOrDefault(s => OfferNames.SameOperator(s.Operator, operatorName)
            && (provider is null || string.Equals(s.Provider, provider.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    public async Task<OfferView> ReadAsync(SeriesInfo series, int days, CancellationToken ct)
    {
        var (from, to) = await PeriodAsync(days, ct);
        var steps = await StepsAsync(series, from, to, ct);
        var key = OfferKey.Of(series.Country, series.Operator, series.Product);
        // Orders over the whole period, at this offer's provider: the account sweep stores orders made before the first
        // market sweep too.
        var record = (await delivery.ReadAsync(to.AddDays(-days), to, series.ProviderId, ct)).FirstOrDefault(d => d.Key == key);
        var covering = rules.CurrentValue.Rules.Where(r => r.Covers(series.Country, series.Operator, series.Product) && r.BuysAt(series.Provider)).ToList();
        return new OfferView(to, series, days, from, to, PriceStats.Of(steps, Steps, Steps), record, covering);
    }

    /// <summary>
    /// The period of <paramref name="days"/> days up to now, from the first sweep when that is later: 30 days over an hour of
    /// data would otherwise be one step holding the first price for days before it was seen.
    /// </summary>
    public async Task<(DateTimeOffset From, DateTimeOffset To)> PeriodAsync(int days, CancellationToken ct)
    {
        var to = time.GetUtcNow();
        var from = to.AddDays(-days);
        return (await queries.FirstSweepAsync(ct) is { } first && first > UnixMs.From(from) && first < UnixMs.From(to) ? UnixMs.To(first) : from, to);
    }

    /// <summary>
    /// The period in <see cref="Steps"/> steps of the series' step function, aggregated in SQL from whichever tier holds
    /// each time (<see cref="MarketReadModel.BucketsAsync"/>); before its first value, none.
    /// </summary>
    public async Task<List<FilledBucket>> StepsAsync(SeriesInfo series, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var (origin, end) = (UnixMs.From(from), UnixMs.From(to));
        var width = Math.Max(1, (end - origin + Steps - 1) / Steps);
        var rows = await market.BucketsAsync([series.Id], origin, width, end, ct);
        // A series unchanged since before the lookback holds its latest value all through, as in the report.
        (long, long)? carried = series.ChangedAt < origin - MarketReadModel.CarryLookbackMs ? (series.Price, series.Qty) : null;
        return StepBuckets.Fill(rows, origin, width, Steps, end, carried);
    }

    /// <summary>When step <paramref name="bucket"/> of a period starts.</summary>
    public static DateTimeOffset StepStart(DateTimeOffset from, DateTimeOffset to, long bucket) =>
        UnixMs.To(UnixMs.From(from) + (bucket * Math.Max(1, (UnixMs.From(to) - UnixMs.From(from) + Steps - 1) / Steps)));
}
