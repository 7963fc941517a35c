using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using static SmsBuyz.Analytics.Tests.Market.Retention.HistoryData;

namespace SmsBuyz.Analytics.Tests.Market.Retention;

public sealed class SeriesHistoryTests
{
    private static readonly long Now = UnixMs.From(RollupTests.Now);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task GetAsync_RangeOverDailyHourlyAndRaw_ReadsEachPartFromItsTierInTimeOrder(StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Retention:RawDays"] = "3",
            ["Retention:HourlyDays"] = "10",
        }, new FakeTimeProvider(RollupTests.Now)).MigrateAsync();
        var raw = (await WriteAsync(services, 2, Now - (30 * Day), Now))[1];
        await services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var connection = await services.OpenAsync();
        var kept = (await connection.QueryAsync<(string, long)>("SELECT tier, kept_from FROM retention_cutoff")).ToDictionary();
        long rawFrom = kept["raw"], hourlyFrom = kept["hourly"], from = Now - (20 * Day);

        var points = await services.Get<SeriesHistory>().GetAsync("p1", "RU", "any", UnixMs.To(from), UnixMs.To(Now), CancellationToken.None);

        Assert.Equal(points.OrderBy(p => p.At).ThenByDescending(p => p.Tier), points);
        Assert.Equal(points.OrderByDescending(p => p.Tier), points); // daily, then hourly, then raw
        Assert.True(points[0].At <= UnixMs.To(from));
        foreach (var (tier, width, start, end) in new[] { (HistoryTier.Daily, Day, long.MinValue, hourlyFrom), (HistoryTier.Hourly, Hour, hourlyFrom, rawFrom) })
        {
            var part = points.Where(p => p.Tier == tier && p.Changes > 0).ToList();
            Assert.NotEmpty(part);
            Assert.All(part, p => Assert.InRange(UnixMs.From(p.At), start, end - 1));
            Assert.Equal(part.Select(p => Expected(raw, UnixMs.From(p.At), width)), part.Select(Row));
        }
        var rawPart = points.Where(p => p.Tier == HistoryTier.Raw && p.Changes > 0).Select(p => new ChangePoint(UnixMs.From(p.At), Money.ToUnits(p.PriceLast), p.QtyLast));
        Assert.Equal(raw.Where(p => p.At >= rawFrom), rawPart);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task GetAsync_UnknownSeries_ReturnsNothing(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();

        Assert.Empty(await services.Get<SeriesHistory>().GetAsync("nope", "ru", "any", DateTimeOffset.UnixEpoch, services.Time.GetUtcNow(), CancellationToken.None));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task LatestForCountryAsync_Country_EverySeriesWithItsCurrentState(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var raw = await WriteAsync(services, 3, Now - Day, Now);

        var latest = await services.Get<SeriesHistory>().LatestForCountryAsync("ru", CancellationToken.None);

        Assert.Equal(raw.Select(s => new LatestState($"p{s.Key}", "any", Money.FromUnits(s.Value[^1].Price), s.Value[^1].Qty, UnixMs.To(s.Value[^1].At))), latest);
        Assert.Empty(await services.Get<SeriesHistory>().LatestForCountryAsync("us", CancellationToken.None));
    }

    private static RollupRow Row(HistoryPoint p) => new(UnixMs.From(p.At), Money.ToUnits(p.PriceMin), Money.ToUnits(p.PriceMax),
        Money.ToUnits(p.PriceAvg), Money.ToUnits(p.PriceLast), p.QtyMin, p.QtyMax, p.QtyAvg, p.QtyLast, p.Changes);
}
