using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// Auto-buy as <c>status</c> tells it, read from the database only (no API call): today's spend per rule against its
/// limits; open orders and pauses of the account this process knows the API key to belong to (none before a profile
/// read named it), unsettled buys of every account.
/// </summary>
public sealed class BuyingNow(IntentStore intents, KillSwitch killSwitch, Identities identities, IOptionsMonitor<AutoBuyOptions> autoBuy,
    IOptionsMonitor<RulesOptions> rules)
{
    public async Task<Buying> ReadAsync(CancellationToken ct)
    {
        var global = autoBuy.CurrentValue;
        var on = killSwitch.IsOn;
        var owner = identities.Account;
        var account = await intents.AccountAsync(global.Mode, on, balance: null, owner, ct);
        var paused = (await intents.PausesAsync(ct)).Where(p => p.Account == owner?.ExternalId)
            .GroupBy(p => p.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
        var perRule = new List<(RuleOptions, RuleUsage)>();
        foreach (var rule in rules.CurrentValue.Rules)
            perRule.Add((rule, await intents.UsageAsync(rule.Name, global.Mode, owner, ct) with { PausedReason = paused.GetValueOrDefault(rule.Name) }));
        return new Buying(global.Mode, killSwitch.Path, on, account, global.DailyBudget, global.MaxOpenOrders, perRule, await intents.UnresolvedAsync(null, ct));
    }
}
