using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class HistoryStatsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HistoryPoint Raw(double hours, decimal price) =>
        new(T0.AddHours(hours), HistoryTier.Raw, price, price, price, price, 1, 1, 1, 1, 1);

    [Theory]
    [InlineData(Baseline.Median, "1.00")] // 1.00 held 6 of 10 hours
    [InlineData(Baseline.Mean, "0.88")]   // (1.00*6 + 0.70*4) / 10
    [InlineData(Baseline.Min, "0.70")]
    public void Compute_StepPrices_WeightsEachPriceByHowLongItHeld(Baseline kind, string expected)
    {
        var points = new[] { Raw(0, 1.00m), Raw(2, 0.70m), Raw(6, 1.00m) };

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), HistoryStats.Compute(points, T0.AddHours(10), kind));
    }

    [Fact]
    public void Compute_NoHistory_IsNull() => Assert.Null(HistoryStats.Compute([], T0, Baseline.Median));
}
