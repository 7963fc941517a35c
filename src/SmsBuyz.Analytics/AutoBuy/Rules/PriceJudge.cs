using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// Judges a price against its past, never against itself: the rule's baseline over <c>Window</c> and its lowest
/// price over <c>LowestInDays</c> come from the part of each span before the judged price took effect (the trailing
/// run of that same price is left out). Otherwise a drop would sit in its own baseline window, and a <c>Min</c>
/// baseline could never be beaten. Live evaluation and the backtest both call this with a series' history up to the
/// judged instant, so they decide alike on the same history.
/// </summary>
public static class PriceJudge
{
    /// <summary>How far back a rule's statistics look; older history never matters to it.</summary>
    public static TimeSpan Span(RuleOptions rule) => TimeSpan.FromDays(Math.Max(rule.Window.TotalDays, rule.LowestInDays ?? 0));

    /// <summary>The offer with the rule's baseline and lowest price from <paramref name="history"/> before its price began.</summary>
    public static Candidate WithStats(RuleOptions rule, Candidate offer, IReadOnlyList<HistoryPoint> history, DateTimeOffset at)
    {
        if (rule.DropPercent is null && rule.LowestInDays is null)
            return offer;
        var view = Window(history, at - Span(rule), at, includeEnd: true);
        var start = RunStart(view, offer.Price, at);
        return offer with
        {
            Baseline = rule.DropPercent is null ? null : HistoryStats.Compute(Window(view, at - rule.Window, start), start, rule.Baseline),
            Lowest = rule.LowestInDays is { } days ? Lowest(view, offer.Price, at.AddDays(-days), start) : null,
        };
    }

    /// <summary>
    /// When the judged price began: the first of the trailing points that all held exactly this price (a stock-only
    /// change keeps the run going); <paramref name="at"/> when the latest point holds another price (one not stored yet).
    /// </summary>
    private static DateTimeOffset RunStart(List<HistoryPoint> view, decimal price, DateTimeOffset at)
    {
        var start = at;
        for (var i = view.Count - 1; i >= 0 && view[i].PriceMin == price && view[i].PriceMax == price; i--)
            start = view[i].At;
        return start;
    }

    /// <summary>
    /// The lowest price of [since, start); null unless the history reaches back to since. A price that has held since
    /// before <paramref name="since"/> was the only one seen in the span, so it is the lowest (ties count).
    /// </summary>
    private static decimal? Lowest(List<HistoryPoint> view, decimal price, DateTimeOffset since, DateTimeOffset start)
    {
        if (view.Count == 0 || view[0].At > since)
            return null;
        return start <= since ? price : HistoryStats.Lowest(Window(view, since, start), since);
    }

    /// <summary>
    /// The points of (from, to) — or (from, to] — with the value in force at <paramref name="from"/> carried in as the
    /// first point. The carried point keeps only its last value: what it held before <paramref name="from"/> is outside
    /// the window, and reading it the same way whatever range was fetched keeps live and backtest alike.
    /// </summary>
    private static List<HistoryPoint> Window(IReadOnlyList<HistoryPoint> points, DateTimeOffset from, DateTimeOffset to, bool includeEnd = false)
    {
        if (from >= to)
            return [];
        var inside = points.Where(p => p.At > from && (p.At < to || (includeEnd && p.At == to))).ToList();
        if (points.LastOrDefault(p => p.At <= from) is { } c)
            inside.Insert(0, c with { At = from, PriceMin = c.PriceLast, PriceMax = c.PriceLast, PriceAvg = c.PriceLast, Changes = 0 });
        return inside;
    }
}
