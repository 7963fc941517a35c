using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.Page;

/// <summary>Auto-buy as <c>status</c> tells it, read from the database only (no API call): today's spend per rule against its limits.</summary>
public sealed class BuyingNow(IntentStore intents, KillSwitch killSwitch, IOptionsMonitor<AutoBuyOptions> autoBuy, IOptionsMonitor<RulesOptions> rules)
{
    public async Task<Buying> ReadAsync(CancellationToken ct)
    {
        var global = autoBuy.CurrentValue;
        var on = killSwitch.IsOn;
        var account = await intents.AccountAsync(global.Mode, on, balance: null, ct);
        var paused = (await intents.PausesAsync(ct)).ToDictionary(p => p.Rule, p => p.Reason, StringComparer.Ordinal);
        var perRule = new List<(RuleOptions, RuleUsage)>();
        foreach (var rule in rules.CurrentValue.Rules)
            perRule.Add((rule, await intents.UsageAsync(rule.Name, global.Mode, ct) with { PausedReason = paused.GetValueOrDefault(rule.Name) }));
        return new Buying(global.Mode, killSwitch.Path, on, account, global.DailyBudget, global.MaxOpenOrders, perRule, await intents.UnresolvedAsync(ct));
    }
}
