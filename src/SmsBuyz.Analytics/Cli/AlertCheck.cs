using System.Globalization;
using System.Text;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>rules check</c> for a Notify rule: which offers meet its conditions now, and which of them would alert.</summary>
internal static class AlertCheck
{
    /// <param name="market">Where each offer's provider is found: its states are that provider's.</param>
    public static async Task<string> DescribeAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, AlertStore store, MarketReader market,
        DateTimeOffset now, CancellationToken ct)
    {
        var states = new Dictionary<(string?, OfferKey), AlertState>();
        var wouldSend = new HashSet<(string?, OfferKey)>();
        foreach (var at in offers.GroupBy(o => o.Provider))
        {
            var stored = await store.LoadAsync((await market.ProviderAsync(at.Key, ct)).Id, rule.Name, ct);
            foreach (var (key, state) in stored)
                states[(at.Key, key)] = state;
            // The judge is pure: asked with the stored states it says what the worker's next evaluation would send, and stores nothing.
            wouldSend.UnionWith(AlertJudge.Judge(rule, [.. at], stored, now).Alerts
                .Select(a => (at.Key, OfferKey.Of(a.Offer.Country, a.Offer.Operator, a.Offer.Product))));
        }
        var inScope = DeliveryRank.Rank(rule, offers.Where(c => rule.Covers(c.Country, c.Operator, c.Product))).ToList();
        var meeting = inScope.Where(c => RuleEvaluator.Rejects(rule, c) is null).ToList();
        var text = new StringBuilder($"  {rule.Name}: alert-only (Action Notify{(rule.InStock ? ", InStock" : "")}), {AlertWatcher.Conditions(rule)}; ");
        if (!rule.Enabled)
            return text.Append("disabled").ToString();
        if (inScope.Count == 0)
            return text.Append("no stored offer for its product, countries and operators").ToString();
        if (meeting.Count == 0)
        {
            var best = inScope[0];
            return text.Append(CultureInfo.InvariantCulture, $"no offer meets them now (best offer {RuleEvaluator.Describe(best)}: {RuleEvaluator.Rejects(rule, best)})").ToString();
        }
        text.Append(CultureInfo.InvariantCulture, $"{meeting.Count} offer(s) meet them now:");
        foreach (var c in meeting.Take(10))
        {
            var key = (c.Provider, OfferKey.Of(c.Country, c.Operator, c.Product));
            var state = states.GetValueOrDefault(key);
            var status = wouldSend.Contains(key) ? "would alert at the next evaluation"
                : state is { Active: true, AlertedAt: { } at } ? $"alerted {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC at {Money.Format(state.Price ?? 0)}; alerts again after {rule.RearmAfter} outside its conditions"
                : rule.InStock ? "in stock since first seen; alerts when it is back after being out of stock"
                : "already announced";
            text.Append(CultureInfo.InvariantCulture, $"\n    {RuleEvaluator.Describe(c)}: {status}");
        }
        return text.ToString();
    }
}
