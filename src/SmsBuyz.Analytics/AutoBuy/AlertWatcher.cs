using System.Globalization;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Runs a Notify rule on offers: judges them (<see cref="AlertJudge"/>) against the stored states, stores what changed,
/// then announces each alert through the <see cref="Notifier"/> (log and webhook). States are stored before anything is
/// sent, so an alert goes out once even when the process dies in between (at most once rather than twice). Each
/// provider's offers are judged against that provider's states.
/// </summary>
public sealed class AlertWatcher(AlertStore store, MarketReader market, Notifier notifier, TimeProvider time)
{
    public async Task<IReadOnlyList<Alert>> CheckAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, CancellationToken ct)
    {
        var alerts = new List<Alert>();
        foreach (var at in offers.GroupBy(o => o.Provider ?? ""))
        {
            var provider = (await market.ProviderAsync(at.First().Provider, ct)).Id;
            var step = AlertJudge.Judge(rule, [.. at], await store.LoadAsync(provider, rule.Name, ct), time.GetUtcNow());
            await store.SaveAsync(provider, rule.Name, step.Changed, ct);
            alerts.AddRange(step.Alerts);
        }
        foreach (var alert in alerts)
            notifier.Publish(alert.Kind == AlertKind.BackInStock ? EventKinds.InStock : EventKinds.Alert, Message(rule, alert), rule.Name, offer: alert.Offer);
        return alerts;
    }

    public static string Message(RuleOptions rule, Alert alert)
    {
        var offer = RuleEvaluator.Describe(alert.Offer);
        return alert.Kind switch
        {
            AlertKind.BackInStock => $"rule {rule.Name}: {offer} is back in stock ({Conditions(rule)})",
            AlertKind.PriceMoved => $"rule {rule.Name}: {offer}: price moved from {Money.Format(alert.PreviousPrice!.Value)} "
                + $"({Change(alert.PreviousPrice.Value, alert.Offer.Price)}), still within {Conditions(rule)}",
            _ => $"rule {rule.Name}: {offer} meets {Conditions(rule)}",
        };
    }

    /// <summary>The rule's conditions as set, for the alert's text: "MaxPrice 1.00, MinQty 10".</summary>
    public static string Conditions(RuleOptions rule)
    {
        List<string> set = [];
        if (rule.MaxPrice is { } max)
            set.Add($"MaxPrice {Money.Format(max)}");
        if (rule.DropPercent is { } drop)
            set.Add(string.Create(CultureInfo.InvariantCulture, $"DropPercent {drop} below the {rule.Baseline} over {rule.Window}"));
        if (rule.LowestInDays is { } days)
            set.Add(string.Create(CultureInfo.InvariantCulture, $"LowestInDays {days}"));
        if (rule.MinSuccessRate is { } rate)
            set.Add($"MinSuccessRate {DeliveryRank.Percent(rate)}");
        set.Add(rule.InStock || rule.MinQty > 1 ? string.Create(CultureInfo.InvariantCulture, $"in stock (MinQty {rule.MinQty})") : "in stock");
        return "its conditions: " + string.Join(", ", set);
    }

    private static string Change(decimal from, decimal to) =>
        ((to - from) * 100m / from).ToString("+0.#;-0.#", CultureInfo.InvariantCulture) + " %";
}
