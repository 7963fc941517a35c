using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class PriceJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static HistoryPoint Raw(double hours, decimal price, long qty = 10) =>
        new(Now.AddHours(hours), HistoryTier.Raw, price, price, price, price, qty, qty, qty, qty, 1);

    private static RuleOptions Drop(Baseline baseline) =>
        new() { Name = "r", Product = "telegram", Countries = ["ru"], DropPercent = 20, Baseline = baseline, Window = TimeSpan.FromDays(1) };

    private static Candidate Offer(decimal price) => new("ru", "op", "telegram", price, 10);

    [Theory]
    [InlineData(Baseline.Min)]
    [InlineData(Baseline.Median)]
    [InlineData(Baseline.Mean)]
    public void WithStats_PriceJustDropped_BaselineLeavesTheJudgedPriceOut(Baseline baseline)
    {
        HistoryPoint[] history = [Raw(-30, 0.4118m), Raw(0, 0.25m)];

        Assert.Equal(0.4118m, PriceJudge.WithStats(Drop(baseline), Offer(0.25m), history, Now).Baseline);
    }

    [Fact]
    public void WithStats_StockOnlyChangeSinceTheDrop_StillJudgedAgainstWhatCameBeforeTheDrop()
    {
        HistoryPoint[] history = [Raw(-30, 0.4118m), Raw(-2, 0.25m, qty: 50), Raw(-1, 0.25m, qty: 20)];

        Assert.Equal(0.4118m, PriceJudge.WithStats(Drop(Baseline.Min), Offer(0.25m), history, Now).Baseline);
    }

    [Fact]
    public void WithStats_PriceNotStoredYet_WholeStoredWindowIsItsPast()
    {
        HistoryPoint[] history = [Raw(-30, 0.40m), Raw(-5, 0.30m)];

        Assert.Equal(0.30m, PriceJudge.WithStats(Drop(Baseline.Min), Offer(0.20m), history, Now).Baseline);
    }

    [Fact]
    public void WithStats_PriceHeldTheWholeWindow_NoBaseline()
    {
        HistoryPoint[] history = [Raw(-50, 0.40m), Raw(-30, 0.25m)];

        Assert.Null(PriceJudge.WithStats(Drop(Baseline.Median), Offer(0.25m), history, Now).Baseline);
    }

    [Theory]
    [InlineData(-60, -50, "0.25")] // 0.25 has held for longer than the day: the only price seen, so the lowest
    [InlineData(-60, -12, "0.40")] // the lowest of the day before 0.25 began
    [InlineData(-20, -1, null)]    // history reaches back 20 hours only: not known to be the lowest in a day
    public void WithStats_LowestInDays_TakenBeforeThePriceBegan(double historyFrom, double droppedAt, string? expected)
    {
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["ru"], LowestInDays = 1 };
        HistoryPoint[] history = [Raw(historyFrom, 0.40m), Raw(droppedAt, 0.25m)];

        var lowest = PriceJudge.WithStats(rule, Offer(0.25m), history, Now).Lowest;

        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), lowest);
    }

    [Fact]
    public void WithStats_HistoryFetchedFromTheSpanOrFromLongBefore_SameJudgement()
    {
        // An hourly bucket that ended before the span: fetched whole (backtest) or as the value carried in (live).
        var bucket = new HistoryPoint(Now.AddHours(-30), HistoryTier.Hourly, 0.10m, 0.50m, 0.30m, 0.40m, 1, 9, 5, 5, 7);
        var carried = new HistoryPoint(Now.AddHours(-24), HistoryTier.Hourly, 0.40m, 0.40m, 0.40m, 0.40m, 5, 5, 5, 5, 0);
        HistoryPoint[] later = [Raw(-3, 0.45m), Raw(0, 0.30m)];

        var whole = PriceJudge.WithStats(Drop(Baseline.Min), Offer(0.30m), [bucket, .. later], Now);
        var cut = PriceJudge.WithStats(Drop(Baseline.Min), Offer(0.30m), [carried, .. later], Now);

        Assert.Equal(0.40m, whole.Baseline);
        Assert.Equal(whole, cut);
    }
}
