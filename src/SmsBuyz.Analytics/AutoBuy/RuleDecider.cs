using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// A buy rule's decision on offers with its spend so far, the accounts' and the kill switch: the worker's, the
/// <c>buy</c> command's and <c>rules check</c>'s one judge (<see cref="RuleEvaluator"/> with what it needs read). Buys nothing.
/// Each provider's offers are judged with the figures of an account there (open orders, pauses; the first account that
/// lets them pass, in configured order), then the offers that pass anywhere are ranked together by the rule's
/// <c>RankBy</c>: the best is bought wherever it is. An account's figures count once a profile read has named it; the
/// reservation counts them again, for the account it buys for, before any buy.
/// </summary>
public sealed class RuleDecider(IOptionsMonitor<AutoBuyOptions> options, IntentStore intents, KillSwitch killSwitch, BuyingAccounts accounts,
    TimeProvider time)
{
    /// <param name="among">The accounts that may buy (the step's settled ones); every configured account when null.</param>
    public async Task<RuleDecision> DecideAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, IReadOnlyList<BuyingAccount>? among,
        CancellationToken ct)
    {
        var global = options.CurrentValue;
        var now = time.GetUtcNow();
        among ??= accounts.All;
        var decisions = new List<(string? Provider, RuleDecision Decision)>();
        foreach (var group in offers.GroupBy(o => o.Provider ?? ""))
        {
            var label = group.First().Provider;
            var there = accounts.At(label, global.Mode, among);
            if (there.Count == 0)
            {
                decisions.Add((label, Nowhere(rule, label, [.. group])));
                continue;
            }
            RuleDecision? first = null;
            foreach (var account in there)
            {
                var decision = await DecideAsync(rule, global, [.. group], account, now, ct);
                first ??= decision;
                if (decision.Fires)
                {
                    first = decision;
                    break;
                }
            }
            decisions.Add((label, first!));
        }
        return decisions.Count switch
        {
            0 => await DecideAsync(rule, global, [], null, now, ct),
            1 => decisions[0].Decision,
            _ => Merge(rule, decisions),
        };
    }

    private async Task<RuleDecision> DecideAsync(RuleOptions rule, AutoBuyOptions global, IReadOnlyList<Candidate> offers, BuyingAccount? buyer,
        DateTimeOffset now, CancellationToken ct)
    {
        var account = buyer?.Connection.Identities.Account;
        var usage = await intents.UsageAsync(rule.Name, global.Mode, account, ct);
        var state = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, account, ct);
        return RuleEvaluator.Evaluate(rule, global, offers, usage, state, now);
    }

    /// <summary>Offers at a provider where no account may buy (live, none with an API key, or none settled yet).</summary>
    private static RuleDecision Nowhere(RuleOptions rule, string? provider, IReadOnlyList<Candidate> offers)
    {
        var why = BuyingAccounts.NoneCanBuy(provider);
        return new RuleDecision(rule.Name, [], why, [.. DeliveryRank.Rank(rule, offers).Select(c => new RankedOffer(c, Cost(rule, c), why))]);
    }

    /// <summary>Several providers' decisions as one: every offer ranked together, the passing ones best first.</summary>
    private static RuleDecision Merge(RuleOptions rule, IReadOnlyList<(string? Provider, RuleDecision Decision)> decisions)
    {
        var ranked = decisions.SelectMany(d => d.Decision.Ranking ?? []).ToLookup(r => r.Offer);
        List<RankedOffer> ranking = [.. DeliveryRank.Rank(rule, ranked.Select(g => g.Key)).SelectMany(o => ranked[o])];
        var matches = DeliveryRank.Rank(rule, decisions.SelectMany(d => d.Decision.Matches)).ToList();
        if (matches.Count > 0)
            return new RuleDecision(rule.Name, matches, null, ranking);
        // One reason for all (the kill switch, Mode Off) once; else each provider's, named.
        var reasons = decisions.Select(d => d.Decision.WhyNot!).Distinct().ToList();
        var why = reasons.Count == 1 ? reasons[0]
            : string.Join("; ", decisions.Select(d => $"at {d.Provider}: {d.Decision.WhyNot}"));
        return new RuleDecision(rule.Name, [], why, ranking);
    }

    private static decimal? Cost(RuleOptions rule, Candidate c) => rule.RankBy == RankBy.CostPerCode ? DeliveryRank.CostPerCode(rule, c) : null;
}
