using Dapper;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

public sealed class DerivedRowsAgainstSandboxTests
{
    [Fact]
    public async Task Snapshot_OperatorsConfigured_OneFullListStandsInForTheirProductsRequestsWithTheSameValues()
    {
        await using var env = await SandboxEnvironment.StartAsync(
            new SandboxOptions { Countries = 3, Products = 20, Operators = ["Virtual1", "mts"] }, sandbox =>
            {
                var settings = new Dictionary<string, string?> { ["Monitor:Operators:0"] = "any", ["Monitor:Operators:1"] = "virtual1",
                    ["Monitor:Operators:2"] = "MTS", ["Monitor:Products:0"] = "telegram" };
                var countries = sandbox.State.CurrentOffers().Select(o => o.CountryName).Distinct().ToList();
                for (var i = 0; i < countries.Count; i++)
                    settings[$"Monitor:Countries:{i}"] = countries[i]; // names (russia, usa, ...): asked for by ISO code
                return settings;
            });
        var offers = env.Sandbox.State.CurrentOffers();
        var expected = offers.Select(o => (o.CountryIso, o.Operator, o.Product, o.Price, o.Qty))
            .Concat(offers.GroupBy(o => (o.CountryIso, o.Product)).Select(g => (g.Key.CountryIso, "any", g.Key.Product,
                g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price), g.Sum(o => o.Qty))))
            .OrderBy(x => x).ToList();

        var first = await env.SweepAsync();
        var second = await env.SweepAsync();

        Assert.True(first.Succeeded && second.Succeeded, string.Join("\n", first.Failures.Concat(second.Failures)));
        // 3 "any" answers, one price list for 3 × 2 operator answers and telegram's prices, profile, orders, payments.
        Assert.Equal((7, 7), (first.Requests, second.Requests));
        Assert.Equal(expected, await env.LatestAsync()); // operators shown as the API spells them: Virtual1, mts
        Assert.Equal(0, second.Changes);
        await using var connection = await env.Services.OpenAsync();
        var plan = await connection.ExecuteScalarAsync<string>("SELECT plan FROM sweep WHERE id = @id", new { id = second.SweepId });
        Assert.StartsWith("guest/products/ru/any, guest/products/us/any, guest/products/gb/any, guest/prices (for 6 guest/products/{country}/{operator})", plan, StringComparison.Ordinal);
    }
}
