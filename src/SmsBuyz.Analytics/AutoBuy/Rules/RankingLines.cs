namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>A rule's ranking as <c>rules check</c> and <c>rules backtest --buys</c> print it: one line per offer, best first.</summary>
public static class RankingLines
{
    public static IEnumerable<string> Of(RuleOptions rule, IReadOnlyList<RankedOffer>? ranking, int max, string indent)
    {
        if (ranking is null || ranking.Count == 0)
            yield break;
        yield return indent + (rule.RankBy == RankBy.CostPerCode
            ? $"ranked by cost per code (price ÷ the success rate's 95 % lower bound; prior {DeliveryRank.Percent(DeliveryRank.Prior)} below {rule.MinDecided} decided orders):"
            : "ranked by price:");
        for (var i = 0; i < Math.Min(max, ranking.Count); i++)
        {
            var r = ranking[i];
            var cost = rule.RankBy == RankBy.CostPerCode ? $", {DeliveryRank.DescribeCost(rule, r.Offer)}" : "";
            var record = r.Offer.Delivery is null && !DeliveryRank.Uses(rule) ? "" : $"; delivery: {DeliveryRank.Describe(r.Offer.Delivery)}";
            var verdict = r.Skipped is null ? "" : $"; skipped: {r.Skipped}";
            yield return $"{indent}  {i + 1}. {RuleEvaluator.Describe(r.Offer)}{cost}{record}{verdict}";
        }
        if (ranking.Count > max)
            yield return $"{indent}  … and {ranking.Count - max} more offer(s)";
    }
}
