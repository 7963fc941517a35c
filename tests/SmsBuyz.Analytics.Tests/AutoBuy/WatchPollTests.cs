using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>A rule's watch poll is a sweep of its own kind through the sweep pipeline: stored as a scheduled sweep stores.</summary>
public sealed class WatchPollTests
{
    private static readonly Dictionary<string, string?> NoSettings = [];

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task PollAsync_TwoCountries_OffersStoredAsChangePointsOfOneWatchSweep_AndReturnedInTheRulesOrder(StorageProvider storage)
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, NoSettings, storage);
        var rule = new RuleOptions { Name = "tg", Product = "Telegram", Countries = ["us", "russia"], MaxPrice = 1m };

        var offers = await h.Services.Get<WatchPoller>().PollAsync(rule, CancellationToken.None);

        Assert.NotNull(offers);
        var atSandbox = h.Sandbox.State.CurrentOffers()
            .Where(o => o.Product == "telegram" && o.CountryIso is "us" or "ru" && !OfferNames.IsAnyOperator(o.Operator))
            .Select(o => (o.CountryIso, OfferNames.OperatorKey(o.Operator), o.Price, o.Qty)).Order().ToList();
        Assert.Equal(atSandbox, offers.Select(o => (o.Country, OfferNames.OperatorKey(o.Operator), o.Price, o.Qty)).Order().ToList());
        Assert.Equal(["us", "ru"], offers.Select(o => o.Country).Distinct());

        await using var connection = await h.Services.OpenAsync();
        var sweep = await connection.QuerySingleAsync<
            (long Id, string Kind, string Plan, long Requests, long Points, long Changes, long Errors, long? FinishedAt)>(
            "SELECT id, kind, plan, requests, points, changes, errors, finished_at FROM sweep");
        Assert.Equal((SweepKind.Watch, "rule tg: prices Telegram in us,ru", 2L, (long)offers.Count, (long)offers.Count, 0L),
            (sweep.Kind, sweep.Plan, sweep.Requests, sweep.Points, sweep.Changes, sweep.Errors));
        Assert.NotNull(sweep.FinishedAt);
        Assert.Equal(offers.Count,
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change WHERE sweep_id = @Id", new { sweep.Id }));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task PollAsync_PricesRequestFails_NullAndAFailureOfTheWatchSweep_NeverAPriceOrStockGone(StorageProvider storage)
    {
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, NoSettings, storage);
        await h.SweepAsync();
        await using var connection = await h.Services.OpenAsync();
        const string Market = "SELECT count(*) FROM price_change";
        const string OutOfStock = "SELECT count(*) FROM price_latest WHERE qty = 0";
        var before = (await connection.ExecuteScalarAsync<long>(Market), await connection.ExecuteScalarAsync<long>(OutOfStock));
        var faults = h.Sandbox.Options.Faults;
        (faults.PathContains, faults.Kinds, faults.Probability) = ("guest/prices", FaultKinds.ServerError, 1);
        var rule = new RuleOptions { Name = "tg", Product = "telegram", Countries = ["ru"], MaxPrice = 1m };

        Assert.Null(await h.Services.Get<WatchPoller>().PollAsync(rule, CancellationToken.None));

        var sweep = await connection.QuerySingleAsync<(long Id, long Points, long Changes, long Errors, long? FinishedAt)>(
            $"SELECT id, points, changes, errors, finished_at FROM sweep WHERE kind = '{SweepKind.Watch}'");
        Assert.Equal((0L, 0L, 1L), (sweep.Points, sweep.Changes, sweep.Errors));
        Assert.NotNull(sweep.FinishedAt);
        var error = await connection.QuerySingleAsync<(string Target, string Kind)>(
            "SELECT target, kind FROM sweep_error WHERE sweep_id = @Id", new { sweep.Id });
        Assert.Equal(("guest/prices?product=telegram&country=ru", nameof(ApiErrorKind.ServerError)), error);
        Assert.Equal(before, (await connection.ExecuteScalarAsync<long>(Market), await connection.ExecuteScalarAsync<long>(OutOfStock)));
    }
}
