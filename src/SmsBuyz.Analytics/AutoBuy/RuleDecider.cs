using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// A buy rule's decision on offers with its spend so far, the account's and the kill switch: the worker's, the
/// <c>buy</c> command's and <c>rules check</c>'s one judge (<see cref="RuleEvaluator"/> with what it needs read). Buys nothing.
/// The account's own figures (open orders, pauses) count once a profile read has named it; the reservation counts them
/// again, for the account it buys for, before any buy.
/// </summary>
public sealed class RuleDecider(IOptionsMonitor<AutoBuyOptions> options, IntentStore intents, KillSwitch killSwitch, Identities identities,
    TimeProvider time)
{
    public async Task<RuleDecision> DecideAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, CancellationToken ct)
    {
        var global = options.CurrentValue;
        var usage = await intents.UsageAsync(rule.Name, global.Mode, identities.Account, ct);
        var account = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, identities.Account, ct);
        return RuleEvaluator.Evaluate(rule, global, offers, usage, account, time.GetUtcNow());
    }
}
