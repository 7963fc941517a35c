namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>
/// The checks of the keys for ranking by delivery and for alert-only rules, part of <see cref="RulesOptionsValidator"/>.
/// Buy limits on a Notify rule are refused rather than ignored: such a rule never buys, so they would mean nothing.
/// </summary>
internal static class SmartRuleChecks
{
    public static IEnumerable<string> Check(string key, RuleOptions r)
    {
        if (!Enum.IsDefined(r.RankBy))
            yield return $"{key}:RankBy must be Price or CostPerCode (got {r.RankBy})";
        if (r.MinSuccessRate is { } min && !(min > 0 && min <= 1))
            yield return $"{key}:MinSuccessRate must be a share between 0 and 1, such as 0.8 for 80 % (got {min})";
        if (r.MinDecided is < 1 or > 1000)
            yield return $"{key}:MinDecided must be 1–1000 (got {r.MinDecided})";
        if (!Enum.IsDefined(r.Action))
            yield return $"{key}:Action must be Buy or Notify (got {r.Action})";
        if (r.RearmAfter < TimeSpan.FromMinutes(1) || r.RearmAfter > TimeSpan.FromDays(30))
            yield return $"{key}:RearmAfter must be between 00:01:00 and 30.00:00:00 (got {r.RearmAfter})";
        if (r.RearmOnMovePercent is <= 0 or > 1000)
            yield return $"{key}:RearmOnMovePercent must be above 0 and at most 1000, or empty for never (got {r.RearmOnMovePercent})";
        if (r.Action == RuleAction.Buy && r.InStock)
            yield return $"{key}:InStock alerts when an offer is back in stock; it needs \"Action\": \"Notify\" (a buy needs stock anyway)";
        if (r.Action != RuleAction.Notify)
            yield break;
        if (r.RankBy == RankBy.CostPerCode)
            yield return $"{key}:RankBy CostPerCode ranks what to buy; a Notify rule alerts on every offer that crosses its conditions";
        foreach (var (name, set) in new[]
                 {
                     ("MaxOrdersPerDay", r.MaxOrdersPerDay is not null), ("MaxSpendPerDay", r.MaxSpendPerDay is not null),
                     ("MaxOrdersTotal", r.MaxOrdersTotal is not null), ("Cooldown", r.Cooldown != TimeSpan.Zero),
                 })
        {
            if (set)
                yield return $"{key}:{name} limits buying; a Notify rule never buys (use RearmAfter to space its alerts)";
        }
    }
}
