using System.Data.Common;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Writes one answer's points inside a market transaction. Synchronous on purpose: it runs once per point,
/// Microsoft.Data.Sqlite's async calls complete synchronously anyway (and PostgreSQL's rows are only collected here,
/// <see cref="IMarketRows"/>), and an unchanged point must cost only a cache lookup (often a reference comparison,
/// <see cref="AnswerMemo"/>). Only changes reach the database. It writes the series of one provider, the sweep's: an
/// answer of one provider never touches another's series, nor proves one of them out of stock.
/// </summary>
internal sealed class ChangeWriter(DbConnection connection, DbTransaction tx, MarketCache cache, long provider, IMarketRows rows,
    long sweepId, long observedAt, double stockDeadbandPercent)
{
    private readonly ProviderMarket _market = cache.For(provider);
    private readonly DimensionIds _ids = new(connection, tx, cache, provider, rows);

    /// <summary>Rows written to <c>price_change</c>.</summary>
    public int Changes { get; private set; }

    public MarketWriteResult Apply(ScopedPoints answer)
    {
        var stamp = ++cache.WriteStamp;
        var problems = new List<string>();
        var points = answer.Points;
        var memo = answer.Scopes is [var only] ? Memo(only, points) : null;
        memo?.Begin(points);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var sources = answer.SourcesOf(i);
            var slot = memo?.Match(i, point) ?? -1;
            if (slot < 0)
            {
                slot = _ids.Series(point, sources);
                memo?.Record(i, point, slot, _ids.LastProduct);
            }
            ref var series = ref cache.Rows[slot];
            _ids.Listed(ref series, sources);
            series.SeenStamp = stamp;
            if (Money.TryToUnits(point.Price, out var price))
                Observe(slot, price, point.Qty);
            else
                problems.Add($"{point.Product}/{point.Country}/{point.Operator}: price {point.Price} has more than 4 decimal places; not stored");
        }
        memo?.End();
        foreach (var scope in answer.Scopes)
            MarkMissingOutOfStock(scope, stamp);
        return new MarketWriteResult(points.Count, Changes, problems);
    }

    /// <summary>Only a products answer (one country and operator) is remembered position by position.</summary>
    private AnswerMemo? Memo(MarketScope scope, IReadOnlyList<MarketPoint> points)
    {
        if (scope.Operator is null || points.Count == 0)
            return null;
        var key = (points[0].Country, points[0].Operator);
        if (!_market.Answers.TryGetValue(key, out var memo))
            _market.Answers[key] = memo = new AnswerMemo();
        return memo;
    }

    /// <summary>
    /// The latest state is always exact. History gets a row when the price moved, or the stock moved past the
    /// deadband since the last recorded row, or the stock reached or left zero.
    /// </summary>
    private void Observe(int slot, long price, long qty)
    {
        var table = cache.Rows;
        ref var series = ref table[slot];
        if (series.Price == price && table.Qty(slot) == qty)
            return;
        var record = series.Price != price || StockMovePasses(table.RecordedQty(slot), qty);
        if (record)
        {
            rows.InsertChange(in series, observedAt, price, qty, sweepId);
            table.SetRecordedQty(slot, qty);
            Changes++;
        }
        rows.WriteLatest(series.HasPrice, series.Id, price, qty, observedAt, sweepId, table.RecordedQty(slot));
        series.Price = price;
        table.SetQty(slot, qty);
        series.WrittenUntil = Math.Max(series.WrittenUntil, observedAt);
    }

    private bool StockMovePasses(long recorded, long qty) =>
        qty != recorded
        && ((recorded == 0) != (qty == 0)
            || Math.Abs(qty - recorded) * 100.0 >= stockDeadbandPercent * Math.Max(recorded, 1));

    private void MarkMissingOutOfStock(MarketScope scope, int stamp)
    {
        // The scope holds keys, so a series is judged by its identity, never by how this answer spelled it.
        var source = scope.Source;
        var anyId = cache.Operators.IdOf(OfferNames.AnyOperator);
        long? onlyOperator = scope.Operator is null ? null : cache.Operators.IdOf(scope.Operator);
        var operators = scope.Operators?.Select(cache.Operators.IdOf).ToHashSet();
        var candidates = scope.Countries is null
            ? _market.Slots
            : scope.Countries.SelectMany(c => Candidates(cache.Countries.IdOf(c), onlyOperator));
        var products = scope.Products?.Select(cache.Products.IdOf).ToHashSet();

        foreach (var slot in candidates)
        {
            ref var s = ref cache.Rows[slot];
            if (s.SeenStamp != stamp && cache.Rows.Qty(slot) > 0 && s.HasPrice && (s.Sources & source) != 0
                && (products is null || products.Contains(s.Product))
                && (operators is not null ? operators.Contains(s.Operator) : onlyOperator is { } o ? s.Operator == o : s.Operator != anyId))
                Observe(slot, s.Price, 0);
        }
    }

    private List<int> Candidates(long country, long? onlyOperator) =>
        country < 0 ? [] // a country never stored has no series
        : (onlyOperator is { } op ? _market.SeriesByOffer.GetValueOrDefault(((int)country, checked((int)op))) : _market.SeriesByCountry.GetValueOrDefault((int)country)) ?? [];
}
