using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Api;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

public sealed class FullListShapeTests
{
    [Fact]
    public async Task Sweep_FullListKeyedByCountryNames_StoredByIsoCodeAndKeptToWhatIsConfigured()
    {
        // The related 5sim API's full list: country name → product → operator.
        await using var stub = await StubApiServer.StartAsync();
        stub.Set("guest/products/ru/any", StubReply.Json("""{"telegram": {"Category": "activation", "Qty": 9, "Price": 0.3}}"""));
        stub.Set("guest/prices", StubReply.Json("""
            {"russia": {"telegram": {"virtual21": {"cost": 0.31, "count": 4}, "mts": {"cost": "0.35", "count": "5"}},
                        "google": {"virtual21": {"cost": 0.5, "count": 2}, "mts": {"cost": 0.6, "count": 1}}},
             "usa": {"telegram": {"virtual21": {"cost": 0.9, "count": 1}}}}
            """));
        await using var services = await new TestServices(new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = stub.BaseUrl, ["SmsBuyz:RequestsPerSecond"] = "1000", ["Monitor:Countries:0"] = "Russia",
            ["Monitor:Operators:0"] = "any", ["Monitor:Operators:1"] = "Virtual21", ["Monitor:Products:0"] = "telegram",
        }).MigrateAsync();

        var sweep = await services.Get<SweepRunner>().RunOneAsync("snapshot", SweepParts.Products | SweepParts.Prices, CancellationToken.None);

        Assert.True(sweep.Succeeded, string.Join("\n", sweep.Failures));
        Assert.Equal(["guest/prices", "guest/products/ru/any"], stub.Requests.Select(r => r.Path).Order());
        // virtual21 rows (every product, for guest/products/ru/virtual21), telegram at every operator; not mts google, not usa.
        Assert.Equal(
            [("ru", "any", "telegram", 0.3m, 9L), ("ru", "mts", "telegram", 0.35m, 5L), ("ru", "virtual21", "google", 0.5m, 2L),
             ("ru", "virtual21", "telegram", 0.31m, 4L)],
            Reliability.Db.Latest(services.DatabasePath));
    }

    [Fact]
    public async Task Sweep_FullListLargerThanTheClientAccepts_LaterSweepsAskInParts()
    {
        await using var stub = await StubApiServer.StartAsync();
        // A price list that reads well as far as it goes: the client parses it as it arrives, and only its size stops it.
        const string entry = "\"telegram\": {\"mts\": {\"cost\": 0.35, \"count\": 5}}, ";
        var huge = "{\"ru\": {" + string.Concat(Enumerable.Repeat(entry, (33 * 1024 * 1024 / entry.Length) + 1));
        stub.Set("guest/prices", request => request.Query.Length == 0
            ? StubReply.Json(huge)
            : StubReply.Json("""{"ru": {"telegram": {"mts": {"cost": 0.35, "count": 5}}}}"""));
        await using var services = await new TestServices(new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = stub.BaseUrl, ["SmsBuyz:RequestsPerSecond"] = "1000", ["Monitor:Countries:0"] = "ru",
            ["Monitor:Operators:0"] = "any", ["Monitor:Products:0"] = "telegram",
        }).MigrateAsync();
        var runner = services.Get<SweepRunner>();

        var first = await runner.RunOneAsync("prices", SweepParts.Prices, CancellationToken.None);
        var second = await runner.RunOneAsync("prices", SweepParts.Prices, CancellationToken.None);

        Assert.Equal("InvalidResponse", Assert.Single(first.Failures).Kind);
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.Equal(["", "?country=ru"], stub.Requests.Select(r => r.Query)); // one list, once; then the country's
        Assert.Equal([("ru", "mts", "telegram", 0.35m, 5L)], Reliability.Db.Latest(services.DatabasePath));
    }
}
