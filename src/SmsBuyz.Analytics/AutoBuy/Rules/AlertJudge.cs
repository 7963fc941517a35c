using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

public enum RuleAction { Buy, Notify }

public enum AlertKind { Crossed, PriceMoved, BackInStock }

/// <summary>
/// Where one offer stands under one Notify rule. Active: alerted, and not alerted again until re-armed (the conditions
/// false at every evaluation for RearmAfter since <see cref="FalseSince"/>, or the price moving past RearmOnMovePercent
/// from <see cref="Price"/>, the price last alerted). Not active: armed, so the next time the conditions hold it alerts.
/// </summary>
public sealed record AlertState(OfferKey Offer, bool Active, decimal? Price, DateTimeOffset? AlertedAt, DateTimeOffset? FalseSince);

public sealed record Alert(string Rule, AlertKind Kind, Candidate Offer, decimal? PreviousPrice);

/// <summary>What one evaluation of a Notify rule sends, and the states it changed (to be stored before anything is sent).</summary>
public sealed record AlertStep(IReadOnlyList<Alert> Alerts, IReadOnlyList<AlertState> Changed);

/// <summary>
/// Alert-only rules, as a pure function of (rule, offers judged like a buy rule's, stored states, now), so the worker,
/// <c>rules check</c> and the backtest decide alike. An offer's conditions are the rule's (<see cref="RuleEvaluator.Rejects"/>:
/// stock, price, drop, lowest, delivery); buy limits do not apply. It alerts once per crossing into the conditions.
/// </summary>
public static class AlertJudge
{
    public static AlertStep Judge(RuleOptions rule, IReadOnlyList<Candidate> offers, IReadOnlyDictionary<OfferKey, AlertState> states,
        DateTimeOffset now)
    {
        List<Alert> alerts = [];
        List<AlertState> changed = [];
        if (rule.Action != RuleAction.Notify || !rule.Enabled)
            return new AlertStep(alerts, changed);
        foreach (var c in offers.Where(c => rule.Covers(c.Country, c.Operator, c.Product)))
        {
            var key = OfferKey.Of(c.Country, c.Operator, c.Product);
            var holds = RuleEvaluator.Rejects(rule, c) is null;
            var fired = new AlertState(key, true, c.Price, now, null);
            if (!states.TryGetValue(key, out var s))
            {
                // First sight. An in-stock alert needs the offer seen out of stock first: in stock now, nothing came back.
                if (holds && !rule.InStock)
                    alerts.Add(new Alert(rule.Name, AlertKind.Crossed, c, null));
                changed.Add(holds ? fired with { AlertedAt = rule.InStock ? null : now } : new AlertState(key, false, null, null, now));
            }
            else if (!s.Active && holds)
            {
                alerts.Add(new Alert(rule.Name, rule.InStock ? AlertKind.BackInStock : AlertKind.Crossed, c, s.Price));
                changed.Add(fired);
            }
            else if (s.Active && holds && Moved(rule, s.Price, c.Price))
            {
                alerts.Add(new Alert(rule.Name, AlertKind.PriceMoved, c, s.Price));
                changed.Add(fired);
            }
            else if (s.Active && holds && s.FalseSince is not null)
                changed.Add(s with { FalseSince = null });
            else if (s.Active && !holds && s.FalseSince is null)
                changed.Add(s with { FalseSince = now });
            else if (s.Active && !holds && now - s.FalseSince >= rule.RearmAfter)
                changed.Add(s with { Active = false });
        }
        return new AlertStep(alerts, changed);
    }

    /// <summary>
    /// Whether the price moved more than RearmOnMovePercent from the one last alerted, either way. Only for a rule with a
    /// price condition: a pure in-stock alert is about stock, and a price move there is no news.
    /// </summary>
    public static bool Moved(RuleOptions rule, decimal? alerted, decimal price) =>
        rule is { RearmOnMovePercent: { } share } && (rule.MaxPrice ?? rule.DropPercent ?? rule.LowestInDays) is not null
        && alerted is > 0 && Math.Abs(price - alerted.Value) * 100m / alerted.Value > share;
}
