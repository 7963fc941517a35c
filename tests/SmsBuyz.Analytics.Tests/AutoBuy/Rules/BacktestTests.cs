using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class BacktestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// One series: 1.00 since the day before, then 0.50 (1 h), 1.00, 0.40 (1 h), 1.00, and 0.55 (1 h) on the next day.
    /// Over the 48 h period 1.00 held 45 h, so the period median is 1.00.
    /// </summary>
    private static async Task<TestServices> HistoryAsync()
    {
        var services = await new TestServices().MigrateAsync();
        var sweeps = services.Get<SweepStore>();
        var market = services.Get<MarketStore>();
        var scope = new MarketScope(new HashSet<string> { "ru" }, null, new HashSet<string> { "telegram" });
        var api = await services.ProviderAsync();
        foreach (var (hours, price) in new[] { (-24, 1.00m), (0, 1.00m), (1, 0.50m), (2, 1.00m), (3, 0.40m), (4, 1.00m), (25, 0.55m), (26, 1.00m) })
        {
            var sweep = await sweeps.StartAsync("prices", "test", api, CancellationToken.None);
            await market.WriteAsync(api, sweep, T0.AddHours(hours), scope, [new MarketPoint("ru", "x", "telegram", price, 100)], CancellationToken.None);
        }
        return services;
    }

    [Theory]
    [InlineData("MaxPrice 0.60", 3, "1.45", "1.55")]            // 0.50 + 0.40 + 0.55; saved (1-0.50)+(1-0.40)+(1-0.55)
    [InlineData("MaxOrdersPerDay 1", 2, "1.05", "0.95")]        // 0.50 on day one, 0.55 on day two
    [InlineData("MaxSpendPerDay 0.80", 2, "1.05", "0.95")]      // 0.50 + 0.40 would be 0.90 > 0.80
    [InlineData("Cooldown 3 h", 2, "1.05", "0.95")]             // 0.40 comes 2 h after 0.50
    [InlineData("DropPercent 50 on a 1-day median", 2, "0.90", "1.10")] // median 1.00 → needs <= 0.50: 0.50 and 0.40, not 0.55
    [InlineData("LowestInDays 1", 2, "0.90", "1.10")]           // 0.50 and 0.40 were the lowest so far; 0.55 was not
    public async Task Run_SmallHandComputedCase_BuysSpendsAndSavesAsComputed(string limit, int buys, string spent, string saved)
    {
        await using var services = await HistoryAsync();
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["ru"], MaxPrice = 0.60m };
        switch (limit)
        {
            case "MaxOrdersPerDay 1": rule.MaxOrdersPerDay = 1; break;
            case "MaxSpendPerDay 0.80": rule.MaxSpendPerDay = 0.80m; break;
            case "Cooldown 3 h": rule.Cooldown = TimeSpan.FromHours(3); break;
            case "DropPercent 50 on a 1-day median": rule.MaxPrice = null; rule.DropPercent = 50; rule.Window = TimeSpan.FromDays(1); break;
            case "LowestInDays 1": rule.MaxPrice = null; rule.LowestInDays = 1; break;
        }

        var result = Assert.Single(await services.Get<Backtester>().RunAsync([rule], new AutoBuyOptions(), T0, T0.AddHours(48), CancellationToken.None));

        Assert.Equal(buys, result.Buys.Count);
        Assert.Equal(Parse(spent), result.Spent);
        Assert.Equal(Parse(saved), result.Saved);
    }

    private static decimal Parse(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
