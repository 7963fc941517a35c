using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using static SmsBuyz.Analytics.Tests.Market.Retention.HistoryData;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

public sealed class RollupTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 17, 23, TimeSpan.Zero);

    [Fact]
    public void Roll_ValueCarriedIntoBucket_CountsForMinMaxAndTimeWeightedAverage()
    {
        // 100 in force since before the hour; 200 from :30 on; then 150 from :45 on.
        ChangePoint carried = new(-5 * Hour, 100, 10);
        ChangePoint[] points = [new(Hour + (30 * 60_000), 200, 0), new(Hour + (45 * 60_000), 150, 4)];

        var row = Assert.Single(Bucketizer.Roll(carried, points, Hour));

        Assert.Equal(new RollupRow(Hour, 100, 200, 138, 150, 0, 10, 6, 4, 2), row);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task RunAsync_RandomSeries_RollupsEqualMinMaxAvgLastComputedFromRawPoints(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "60", // nothing hourly is pruned here: every row can be checked
        }, new FakeTimeProvider(Now)).MigrateAsync();
        var now = UnixMs.From(Now);
        var raw = await WriteAsync(services, 5, now - (40 * Day), now);

        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);

        foreach (var (tier, until) in new[] { (RollupTier.Hourly, Bucketizer.Floor(now - (3 * Day), Hour)), (RollupTier.Daily, Bucketizer.Floor(now - (3 * Day), Day)) })
        {
            var expected = raw.SelectMany(s => s.Value.Where(p => p.At < until).Select(p => Bucketizer.Floor(p.At, tier.WidthMs)).Distinct()
                .Select(b => (s.Key, Expected(s.Value, b, tier.WidthMs)))).ToList();
            Assert.Equal(expected, await RollupsAsync(services, tier.Table));
        }
        // The data really has empty hours, and hours whose min or max comes only from the value carried in.
        var hourly = await RollupsAsync(services, RollupTier.Hourly.Table);
        Assert.True(hourly.Count < 5 * 37 * 24 / 2, "most hours hold no change point and get no row");
        Assert.Contains(hourly, h => raw[h.SeriesId].Where(p => p.At >= h.Row.BucketStart && p.At < h.Row.BucketStart + Hour).Min(p => p.Price) != h.Row.PriceMin);
    }
}
