using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class AlertJudgeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static RuleOptions Notify(Action<RuleOptions>? change = null)
    {
        var rule = new RuleOptions { Name = "watch", Product = "telegram", Countries = ["ru"], MaxPrice = 1.00m, Action = RuleAction.Notify };
        change?.Invoke(rule);
        return rule;
    }

    /// <summary>Runs the judge over (minutes after T0, price, qty) observations of one offer, carrying the states; returns each alert.</summary>
    private static List<(int Minute, AlertKind Kind, decimal Price)> Replay(RuleOptions rule, params (int Minute, decimal Price, long Qty)[] seen)
    {
        var states = new Dictionary<OfferKey, AlertState>();
        var alerts = new List<(int, AlertKind, decimal)>();
        foreach (var (minute, price, qty) in seen)
        {
            var step = AlertJudge.Judge(rule, [new Candidate("ru", "Beeline", "telegram", price, qty)], states, T0.AddMinutes(minute));
            foreach (var s in step.Changed)
                states[s.Offer] = s;
            alerts.AddRange(step.Alerts.Select(a => (minute, a.Kind, a.Offer.Price)));
        }
        return alerts;
    }

    [Fact]
    public void Judge_PriceFlappingAroundTheThresholdEveryFiveMinutes_AlertsOncePerCrossing()
    {
        // 0.99 / 1.01 alternating for three hours: the condition is never false for a whole hour, so one alert.
        var flapping = Enumerable.Range(0, 36).Select(i => (i * 5, i % 2 == 0 ? 0.99m : 1.01m, 50L)).ToArray();
        Assert.Equal([(0, AlertKind.Crossed, 0.99m)], Replay(Notify(), flapping));

        // Then above for over an hour (re-armed), and below again: the second crossing alerts.
        var calm = Enumerable.Range(36, 14).Select(i => (i * 5, 1.20m, 50L));
        Assert.Equal([(0, AlertKind.Crossed, 0.99m), (250, AlertKind.Crossed, 0.98m)],
            Replay(Notify(), [.. flapping, .. calm, (250, 0.98m, 50L)]));
    }

    [Fact]
    public void Judge_PriceMovesPastTheShareWhileInside_AlertsAgainOnlyThen()
    {
        var alerts = Replay(Notify(r => r.RearmOnMovePercent = 10), (0, 0.90m, 5), (5, 0.85m, 5), (10, 0.80m, 5), (15, 0.79m, 5), (20, 0.70m, 5));

        // 0.85 and 0.80 are within 10 % of 0.90 (0.80 is 11.1 % below: alerts); 0.79 is within 10 % of 0.80; 0.70 is 12.5 % below it.
        Assert.Equal([(0, AlertKind.Crossed, 0.90m), (10, AlertKind.PriceMoved, 0.80m), (20, AlertKind.PriceMoved, 0.70m)], alerts);
        Assert.Single(Replay(Notify(r => r.RearmOnMovePercent = null), (0, 0.90m, 5), (10, 0.50m, 5)));
    }

    [Fact]
    public void Judge_InStock_AlertsWhenAnOfferComesBackNotWhenFirstSeenInStock()
    {
        var rule = Notify(r => { r.MaxPrice = null; r.InStock = true; r.RearmAfter = TimeSpan.FromMinutes(10); });

        Assert.Empty(Replay(rule, (0, 1.50m, 20), (5, 1.50m, 20)));
        // Out of stock for 15 minutes (>= RearmAfter at two observations), then back: one alert; a 5-minute gap later: none.
        Assert.Equal([(20, AlertKind.BackInStock, 1.40m)],
            Replay(rule, (0, 1.50m, 20), (5, 1.50m, 0), (10, 1.50m, 0), (15, 1.50m, 0), (20, 1.40m, 7), (25, 1.40m, 0), (30, 1.40m, 9)));
    }

    [Fact]
    public void Judge_DisabledRule_NeitherAlertsNorChangesState()
    {
        var step = AlertJudge.Judge(Notify(r => r.Enabled = false), [new Candidate("ru", "b", "telegram", 0.5m, 5)], new Dictionary<OfferKey, AlertState>(), T0);

        Assert.Empty(step.Alerts);
        Assert.Empty(step.Changed);
    }
}
