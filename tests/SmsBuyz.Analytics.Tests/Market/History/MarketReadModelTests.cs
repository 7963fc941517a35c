using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Market.Retention;
using static SmsBuyz.Analytics.Tests.Market.Retention.HistoryData;

namespace SmsBuyz.Analytics.Tests.Market.History;

/// <summary>The market's read model: a series' history across the tiers, and the latest state by names and filters.</summary>
public sealed class MarketReadModelTests
{
    private static readonly long Now = UnixMs.From(RollupTests.Now);

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task HistoryAsync_RangeOverDailyHourlyAndRaw_ReadsEachPartFromItsTierInTimeOrder(StorageProvider provider)
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

        var points = await services.Get<MarketReadModel>().HistoryAsync(await services.ProviderAsync(), OfferKey.Of("RU", "any", "P1"), UnixMs.To(from),
            UnixMs.To(Now), CancellationToken.None);

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
    public async Task HistoryAsync_UnknownSeries_ReturnsNothing(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();

        Assert.Empty(await services.Get<MarketReadModel>().HistoryAsync(await services.ProviderAsync(), OfferKey.Of("ru", "any", "nope"),
            DateTimeOffset.UnixEpoch, services.Time.GetUtcNow(), CancellationToken.None));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task LatestAsync_Country_EverySeriesWithItsCurrentState(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var raw = await WriteAsync(services, 3, Now - Day, Now);
        var market = services.Get<MarketReadModel>();

        var latest = await market.LatestAsync(new MarketFilter { Countries = ["russia"] }, CancellationToken.None);

        var api = await services.ProviderAsync();
        Assert.Equal(raw.Select(s => new SeriesInfo(s.Key, $"p{s.Key}", "ru", "any", s.Value[^1].Price, s.Value[^1].Qty, s.Value[^1].At, 1, api,
            SmsBuyzOptions.DefaultName)), latest);
        Assert.Equal(3, await market.CountAsync(MarketFilter.All, CancellationToken.None));
        Assert.Empty(await market.LatestAsync(new MarketFilter { Countries = ["us"] }, CancellationToken.None));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task LatestAndChangePoints_FiltersSpelledAsUsersSpellThem_MatchByIdentityInTimeAndNameOrder(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var (store, market, t0, ct) = (services.Get<MarketStore>(), services.Get<MarketReadModel>(), services.Time.GetUtcNow(), CancellationToken.None);
        var api = await services.ProviderAsync();
        await store.WriteAsync(api, 1, t0, MarketScope.Nothing,
        [
            new MarketPoint("us", "virtual1", "telegram", 0.3m, 5), new MarketPoint("ru", "any", "telegram", 0.5m, 100),
            new MarketPoint("ru", "virtual1", "telegram", 0.4m, 10), new MarketPoint("ru", "virtual1", "whatsapp", 0.9m, 1),
        ], ct);
        await store.WriteAsync(api, 2, t0.AddMinutes(5), MarketScope.Nothing, [new MarketPoint("ru", "virtual1", "telegram", 0.35m, 9)], ct);

        var offers = await market.LatestAsync(new MarketFilter { Products = [" Telegram"], WithAggregate = false }, ct);
        var russia = new List<SeriesChange>();
        await foreach (var change in market.ChangePointsAsync(new MarketFilter { Countries = ["Russia"] }, null, t0.AddMinutes(5), ct))
            russia.Add(change);
        var later = new List<SeriesChange>();
        await foreach (var change in market.ChangePointsAsync(MarketFilter.All, t0.AddMinutes(1), null, ct))
            later.Add(change);

        Assert.Equal(["telegram ru virtual1 3500 9 +5 min, sweep 2", "telegram us virtual1 3000 5 +0 min, sweep 1"],
            offers.Select(o => $"{o.Product} {o.Country} {o.Operator} {o.Price} {o.Qty} +{(UnixMs.To(o.ChangedAt) - t0).TotalMinutes} min, sweep {o.SweepId}"));
        Assert.Equal(["telegram ru any 5000 100", "telegram ru virtual1 4000 10", "whatsapp ru virtual1 9000 1"],
            russia.Select(c => $"{c.Product} {c.Country} {c.Operator} {c.Price} {c.Qty}"));
        Assert.All(russia, c => Assert.Equal(UnixMs.From(t0), c.At));
        Assert.Equal([(UnixMs.From(t0.AddMinutes(5)), "virtual1", 3500L)], later.Select(c => (c.At, c.Operator, c.Price)));
        Assert.Equal(4, await market.CountAsync(MarketFilter.All, ct));
        Assert.Equal(1, await market.CountAsync(new MarketFilter { Countries = ["US"] }, ct));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task CheapestAsync_PerProduct_TheReportsChoiceInStock(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();
        var (store, market, ct) = (services.Get<MarketStore>(), services.Get<MarketReadModel>(), CancellationToken.None);
        await store.WriteAsync(await services.ProviderAsync(), 1, services.Time.GetUtcNow(), MarketScope.Nothing,
        [
            // ru: "any" is cheapest but stands for the real operators (one offer counted twice); mts is out of stock.
            new MarketPoint("ru", "any", "telegram", 0.20m, 100), new MarketPoint("ru", "virtual1", "telegram", 0.40m, 10),
            new MarketPoint("ru", "mts", "telegram", 0.10m, 0),
            // kz: "any" is all there is, so it counts.
            new MarketPoint("kz", "any", "telegram", 0.25m, 5),
            // us: a tie on price goes to the most stock.
            new MarketPoint("us", "virtual1", "whatsapp", 0.40m, 3), new MarketPoint("us", "tmobile", "whatsapp", 0.40m, 7),
            new MarketPoint("ru", "virtual1", "google", 0.10m, 0),
        ], ct);

        var cheapest = await market.CheapestAsync(MarketFilter.All, ct);
        var chosenAsTheReportChooses = (await market.LatestAsync(MarketFilter.All, ct)).GroupBy(s => s.Product)
            .Select(g => Analytics.Reports.ReportData.Comparable(g).Where(s => s.Qty > 0).OrderBy(s => s.Price).ThenByDescending(s => s.Qty).FirstOrDefault())
            .OfType<SeriesInfo>().OrderBy(s => s.Product, StringComparer.Ordinal);

        Assert.Equal(["telegram kz any 2500", "whatsapp us tmobile 4000"], cheapest.Select(c => $"{c.Product} {c.Country} {c.Operator} {c.Price}"));
        Assert.Equal(chosenAsTheReportChooses, cheapest);
        Assert.Equal(["whatsapp"], (await market.CheapestAsync(new MarketFilter { Products = ["WhatsApp", "google"] }, ct)).Select(c => c.Product));
    }

    private static RollupRow Row(HistoryPoint p) => new(UnixMs.From(p.At), Money.ToUnits(p.PriceMin), Money.ToUnits(p.PriceMax),
        Money.ToUnits(p.PriceAvg), Money.ToUnits(p.PriceLast), p.QtyMin, p.QtyMax, p.QtyAvg, p.QtyLast, p.Changes);
}
