using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class DeliveryRankTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly AccountState Account = new(AutoBuyMode.Live, false, 0m, null, 0);

    private static OfferDelivery Record(long orders, long decided, long withCode) =>
        new("ru", "x", "telegram", orders, decided, withCode, 0, null, null);

    private static RuleOptions Rule(RankBy rankBy, double? minSuccess = null) =>
        new() { Name = "r", Product = "telegram", Countries = ["ru"], MaxPrice = 1m, RankBy = rankBy, MinSuccessRate = minSuccess, MinDecided = 5 };

    private static RuleDecision Evaluate(RuleOptions rule, params Candidate[] offers) =>
        RuleEvaluator.Evaluate(rule, new AutoBuyOptions(), offers, RuleUsage.None, Account, Now);

    // Cheap rarely delivers (1 of 20), dear always does (20 of 20).
    private static readonly Candidate Cheap = new("ru", "cheap", "telegram", 0.40m, 100, Delivery: Record(20, 20, 1));
    private static readonly Candidate Dear = new("ru", "dear", "telegram", 0.50m, 100, Delivery: Record(20, 20, 20));

    [Fact]
    public void Evaluate_CostPerCode_PrefersTheDearerOfferThatDelivers()
    {
        var decision = Evaluate(Rule(RankBy.CostPerCode), Cheap, Dear);

        Assert.Equal(["dear", "cheap"], decision.Matches.Select(c => c.Operator));
        // 20 of 20: lower bound 83.9 %, so 0.50 / 0.8389 = 0.5960 per code.
        Assert.Equal(0.5960m, decision.Ranking![0].CostPerCode);
    }

    [Fact]
    public void Evaluate_Price_PrefersTheCheaperOfferWhateverItDelivers()
    {
        var decision = Evaluate(Rule(RankBy.Price), Cheap, Dear);

        Assert.Equal(["cheap", "dear"], decision.Matches.Select(c => c.Operator));
        Assert.All(decision.Ranking!, r => Assert.Null(r.CostPerCode));
    }

    [Fact]
    public void Evaluate_NewOfferWithoutHistory_RankedByThePriorNeverAboveAProvenReliableOfferAtTheSamePrice()
    {
        var fresh = new Candidate("ru", "new", "telegram", 0.50m, 100);
        var proven = Dear with { Delivery = Record(5, 5, 5) }; // 5 of 5: lower bound 56.6 % > the 50 % prior

        Assert.Equal(["dear", "new"], Evaluate(Rule(RankBy.CostPerCode), fresh, proven).Matches.Select(c => c.Operator));
        // Cheaper per code at the prior than a proven poor offer: tried.
        var poor = Dear with { Delivery = Record(10, 10, 4), Price = 0.45m }; // 4 of 10: lower bound 16.8 %
        Assert.Equal(["new", "dear"], Evaluate(Rule(RankBy.CostPerCode), fresh, poor).Matches.Select(c => c.Operator));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]   // 4 orders, none decided: still within the prior's allowance
    [InlineData(5, false)]  // MinDecided orders bought and none decided: not again until they are
    public void Evaluate_OfferStillProvingItself_TriedAtMostMinDecidedTimes(int pendingOrders, bool tried)
    {
        var fresh = new Candidate("ru", "new", "telegram", 0.30m, 100, Delivery: Record(pendingOrders, 0, 0));

        var decision = Evaluate(Rule(RankBy.CostPerCode), fresh, Dear);

        Assert.Equal(tried, decision.Matches.Any(c => c.Operator == "new"));
        if (!tried)
            Assert.Contains("waiting for its orders: 0 of 5 decided", decision.Ranking!.Single(r => r.Offer.Operator == "new").Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MinSuccessRate_SkipsProvenOffersBelowItButNotNewOnes()
    {
        var fresh = new Candidate("ru", "new", "telegram", 0.45m, 100, Delivery: Record(2, 2, 0));

        var decision = Evaluate(Rule(RankBy.Price, minSuccess: 0.5), Cheap, Dear, fresh);

        Assert.Equal(["new", "dear"], decision.Matches.Select(c => c.Operator));
        Assert.Contains("is below MinSuccessRate 50 %", decision.Ranking!.Single(r => r.Offer.Operator == "cheap").Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoCodeInAnyDecidedOrder_RankedLastWithNoCostPerCode()
    {
        var never = Cheap with { Delivery = Record(6, 6, 0), Price = 0.01m };

        var decision = Evaluate(Rule(RankBy.CostPerCode), never, Dear);

        Assert.Equal(["dear", "cheap"], decision.Matches.Select(c => c.Operator));
        Assert.Null(decision.Ranking![1].CostPerCode);
    }

    [Fact]
    public void Evaluate_NotifyRule_NeverFires()
    {
        var rule = Rule(RankBy.Price);
        rule.Action = RuleAction.Notify;

        Assert.Contains("alert-only", Evaluate(rule, Cheap).WhyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_OrdersSpelledTwoWays_OneOfferWithNearestRankPercentiles()
    {
        var orders = new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }
            .Select((s, i) => new OfferDelivery.Order("ru", i % 2 == 0 ? "Virtual1" : "virtual1", "Telegram", true, true, s * 1000L))
            .Append(new OfferDelivery.Order("RU", "VIRTUAL1", "telegram", true, false, null))
            .Append(new OfferDelivery.Order("ru", "virtual1", "telegram", false, false, null));

        var record = Assert.Single(OfferDelivery.Of(orders));

        Assert.Equal((12L, 11L, 10L, 10, 1L), (record.Orders, record.Decided, record.WithCode, record.Timed, record.Pending));
        Assert.Equal((TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(90)), (record.MedianToCode, record.P90ToCode));
        Assert.Equal(("virtual1", "telegram"), (record.Operator, record.Product)); // as the latest order spelled it
    }
}
