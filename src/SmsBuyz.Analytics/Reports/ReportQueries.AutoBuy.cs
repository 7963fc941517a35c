using Dapper;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// One rule's buy intents on one offer at one account in the period: fired (every intent, dry-run included), bought and
/// spent. A dry run without an API key names no account: its provider and account are empty.
/// </summary>
public sealed record RuleIntentTotals
{
    public string Rule { get; init; } = "";
    public long? ProviderId { get; init; }
    public string Provider { get; init; } = "";
    public string Account { get; init; } = "";
    public string Product { get; init; } = "";
    public string Country { get; init; } = "";
    public string Operator { get; init; } = "";
    public long Fired { get; init; }
    public long Bought { get; init; }
    public long Spent { get; init; }
}

/// <summary>A rule's line of auto_buy.csv; <see cref="Saved"/> is null when no bought offer has a 30-day median.</summary>
public sealed record AutoBuyRow(string Rule, string Provider, string Account, string Product, long Fired, long Bought, long Spent, long? Saved);

public sealed partial class ReportQueries
{
    private const Analytics.AutoBuy.IntentState BoughtState = Analytics.AutoBuy.IntentState.Bought;

    public async Task<IReadOnlyList<RuleIntentTotals>> IntentsAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<RuleIntentTotals>(new CommandDefinition($"""
            SELECT i.rule AS Rule, a.provider_id AS ProviderId, coalesce(v.name, '') AS Provider, coalesce(a.external_id, '') AS Account,
                   i.product AS Product, i.country AS Country, i.operator AS Operator, count(*) AS Fired,
                   count(*) FILTER (WHERE i.state = '{BoughtState}') AS Bought,
                   sum(CASE WHEN i.state = '{BoughtState}' THEN i.reserved ELSE 0 END) AS Spent
            FROM buy_intent i LEFT JOIN account a ON a.id = i.account_id LEFT JOIN provider v ON v.id = a.provider_id
            WHERE i.created_at >= @from AND i.created_at < @to{scope.AccountWhere}
            GROUP BY i.rule, a.id, a.provider_id, v.name, a.external_id, i.product, i.country, i.operator
            ORDER BY i.rule{db.ByBytes()}, coalesce(v.name, ''){db.ByBytes()}, coalesce(a.external_id, ''){db.ByBytes()}, i.product{db.ByBytes()}, i.country{db.ByBytes()}, i.operator{db.ByBytes()}
            """, new { from = UnixMs.From(scope.From), to = UnixMs.From(scope.To), Provider = scope.Provider?.Id }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Per rule and account: what it fired, bought and spent, and what it saved against paying each bought offer's 30-day
    /// median at the account's provider (the time-weighted median of price_stats.csv) for the same numbers. An intent of no
    /// account is priced by the offer's median where one provider alone has it.
    /// </summary>
    public static IReadOnlyList<AutoBuyRow> AutoBuy(IReadOnlyList<RuleIntentTotals> intents, IReadOnlyList<StatsRow> stats)
    {
        var medians = stats.Where(s => s.Month is not null)
            .ToLookup(s => OfferKey.Of(s.Series.Country, s.Series.Operator, s.Series.Product), s => (s.Series.ProviderId, s.Month!.Value.Median));
        long? Median(RuleIntentTotals i)
        {
            var at = medians[OfferKey.Of(i.Country, i.Operator, i.Product)].ToList();
            return i.ProviderId is { } provider ? at.Where(m => m.ProviderId == provider).Select(m => (long?)m.Median).FirstOrDefault()
                : at.Count == 1 ? at[0].Median : null;
        }
        return intents.GroupBy(i => (i.Rule, i.Provider, i.Account, i.Product)).Select(g =>
        {
            var priced = g.Where(i => i.Bought > 0 && Median(i) is not null).ToList();
            long? saved = priced.Count == 0 ? null : priced.Sum(i => (Median(i)!.Value * i.Bought) - i.Spent);
            return new AutoBuyRow(g.Key.Rule, g.Key.Provider, g.Key.Account, g.Key.Product, g.Sum(i => i.Fired), g.Sum(i => i.Bought),
                g.Sum(i => i.Spent), saved);
        }).ToList();
    }
}
