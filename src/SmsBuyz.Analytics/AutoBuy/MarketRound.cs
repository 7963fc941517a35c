using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Evaluates every rule on the stored market when a sweep or a watch poll stored new prices (the market's version
/// moved): Notify rules always, buy rules while buying. It remembers the version each kind of rule last saw.
/// </summary>
public sealed class MarketRound(RulesInForce rules, MarketReader market, RuleRunner runner)
{
    private long _buyRulesSaw = -1;
    private long _alertRulesSaw = -1;

    public async Task RunAsync(bool buying, BuyTurn turn, CancellationToken ct)
    {
        var version = await market.MarketVersionAsync(ct);
        var due = rules.Current().Where(r => r.Action == RuleAction.Notify ? version != _alertRulesSaw : buying && version != _buyRulesSaw);
        foreach (var rule in due)
            await runner.RunOnStoredAsync(rule, turn, ct);
        _alertRulesSaw = version;
        if (buying)
            _buyRulesSaw = version;
    }

    public void Reset() => (_buyRulesSaw, _alertRulesSaw) = (-1, -1);
}
