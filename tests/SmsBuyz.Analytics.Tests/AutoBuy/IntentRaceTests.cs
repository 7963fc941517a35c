using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class IntentRaceTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Reserve_FortyRacingCallsFromTwoProcessesOnOneDatabase_NeverPassTheDaySpendLimit(StorageProvider storage)
    {
        await using var first = await new TestServices(storage).MigrateAsync();
        await using var second = new TestServices(storage, first.StorageSettings.ToDictionary(), first.Time);
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["ru"], MaxPrice = 1m, MaxSpendPerDay = 1.00m };
        var offer = new Candidate("ru", "x", "telegram", 0.30m, 10);
        var stores = new[] { first.Get<IntentStore>(), second.Get<IntentStore>() };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            stores[i % 2].ReserveAsync(null, rule, new AutoBuyOptions { Mode = AutoBuyMode.DryRun }, offer, null, false, null, CancellationToken.None))));

        Assert.Equal(3, results.Count(r => r.Intent is not null)); // 3 × 0.30 <= 1.00 < 4 × 0.30
        Assert.All(results.Where(r => r.Intent is null), r => Assert.StartsWith("MaxSpendPerDay 1", r.WhyNot, StringComparison.Ordinal));
        Assert.Equal(0.90m, (await first.Get<IntentStore>().UsageAsync("r", AutoBuyMode.DryRun, null, CancellationToken.None)).SpentToday);
    }
}
