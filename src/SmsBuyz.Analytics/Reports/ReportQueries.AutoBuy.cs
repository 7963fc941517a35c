using Dapper;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>One rule's buy intents on one offer in the period: fired (every intent, dry-run included), bought and spent.</summary>
public sealed record RuleIntentTotals
{
    public string Rule { get; init; } = "";
    public string Product { get; init; } = "";
    public string Country { get; init; } = "";
    public string Operator { get; init; } = "";
    public long Fired { get; init; }
    public long Bought { get; init; }
    public long Spent { get; init; }
}

/// <summary>A rule's line of auto_buy.csv; <see cref="Saved"/> is null when no bought offer has a 30-day median.</summary>
public sealed record AutoBuyRow(string Rule, string Product, long Fired, long Bought, long Spent, long? Saved);

public sealed partial class ReportQueries
{
    private const Analytics.AutoBuy.IntentState BoughtState = Analytics.AutoBuy.IntentState.Bought;

    public async Task<IReadOnlyList<RuleIntentTotals>> IntentsAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<RuleIntentTotals>(new CommandDefinition($"""
            SELECT rule AS Rule, product AS Product, country AS Country, operator AS Operator, count(*) AS Fired,
                   count(*) FILTER (WHERE state = '{BoughtState}') AS Bought,
                   sum(CASE WHEN state = '{BoughtState}' THEN reserved ELSE 0 END) AS Spent
            FROM buy_intent
            WHERE created_at >= @from AND created_at < @to
            GROUP BY 1, 2, 3, 4 ORDER BY rule{db.ByBytes()}, product{db.ByBytes()}, country{db.ByBytes()}, operator{db.ByBytes()}
            """, new { from = UnixMs.From(scope.From), to = UnixMs.From(scope.To) }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Per rule: what it fired, bought and spent, and what it saved against paying each bought offer's 30-day
    /// median (the time-weighted median of price_stats.csv) for the same numbers.
    /// </summary>
    public static IReadOnlyList<AutoBuyRow> AutoBuy(IReadOnlyList<RuleIntentTotals> intents, IReadOnlyList<StatsRow> stats)
    {
        var medians = stats.Where(s => s.Month is not null)
            .ToDictionary(s => OfferKey.Of(s.Series.Country, s.Series.Operator, s.Series.Product), s => s.Month!.Median);
        return intents.GroupBy(i => (i.Rule, i.Product)).Select(g =>
        {
            var priced = g.Where(i => i.Bought > 0 && medians.ContainsKey(OfferKey.Of(i.Country, i.Operator, i.Product))).ToList();
            long? saved = priced.Count == 0 ? null
                : priced.Sum(i => (medians[OfferKey.Of(i.Country, i.Operator, i.Product)] * i.Bought) - i.Spent);
            return new AutoBuyRow(g.Key.Rule, g.Key.Product, g.Sum(i => i.Fired), g.Sum(i => i.Bought), g.Sum(i => i.Spent), saved);
        }).ToList();
    }
}
