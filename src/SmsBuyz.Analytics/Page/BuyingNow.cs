using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// Auto-buy as <c>status</c> tells it, read from the database only (no API call): today's spend per rule against its
/// limits; open orders and pauses of the configured accounts this process knows the API keys to belong to (none before
/// a profile read named them; with several, each one's open orders), unsettled buys of every account.
/// </summary>
public sealed class BuyingNow(IntentStore intents, KillSwitch killSwitch, BuyingAccounts accounts, IOptionsMonitor<AutoBuyOptions> autoBuy,
    IOptionsMonitor<RulesOptions> rules)
{
    public async Task<Buying> ReadAsync(CancellationToken ct)
    {
        var global = autoBuy.CurrentValue;
        var on = killSwitch.IsOn;
        var owners = accounts.All.Select(a => a.Connection.Identities.Account).OfType<AccountRef>().DistinctBy(a => a.Id).ToList();
        var states = new List<(AccountRef Owner, AccountState State)>();
        foreach (var owner in owners)
            states.Add((owner, await intents.AccountAsync(global.Mode, on, balance: null, owner, ct)));
        var account = states.Count == 0 ? await intents.AccountAsync(global.Mode, on, balance: null, null, ct)
            : states[0].State with { OpenOrders = states.Sum(s => s.State.OpenOrders) };
        var several = owners.Count > 1;
        var paused = (await intents.PausesAsync(ct)).Where(p => owners.Any(o => o.ExternalId == p.Account))
            .GroupBy(p => p.Rule, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(p => several ? $"at {p.Account}: {p.Reason}" : p.Reason)), StringComparer.Ordinal);
        var perRule = new List<(RuleOptions, RuleUsage)>();
        foreach (var rule in rules.CurrentValue.Rules)
            perRule.Add((rule, await intents.UsageAsync(rule.Name, global.Mode, owners.FirstOrDefault(), ct) with { PausedReason = paused.GetValueOrDefault(rule.Name) }));
        return new Buying(global.Mode, killSwitch.Path, on, account, global.DailyBudget, global.MaxOpenOrders, perRule, await intents.UnresolvedAsync(null, ct))
        {
            OpenPerAccount = several ? [.. states.Select(s => (s.Owner.ToString(), s.State.OpenOrders))] : [],
        };
    }
}
