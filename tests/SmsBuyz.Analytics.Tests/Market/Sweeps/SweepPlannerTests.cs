using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

public sealed class SweepPlannerTests
{
    /// <summary>A market like the benchmark's: 40 countries (ru, us and c2..c39) × 7 operators × 250 products.</summary>
    private static readonly MarketShape.Known Market = Shape();

    private static MonitorOptions Monitor(string[] countries, string[] operators, string[] products) =>
        new() { Countries = [.. countries], Operators = [.. operators], Products = [.. products] };

    [Fact]
    public void Plan_ShapeUnknown_AnyPerCountryAndOneFullPriceListThatStandsInForEveryOperatorRow()
    {
        var targets = SweepPlanner.Plan(Monitor(["RU", "us"], ["any", "mts", "Virtual1"], ["telegram", "google"]));

        Assert.Equal(["guest/products/ru/any", "guest/products/us/any", "guest/prices"], targets.Select(t => t.Name));
        var full = targets[2];
        Assert.Equal(4, full.StandsInFor); // 2 countries × 2 operators
        var (prices, rows) = (full.Scopes[0], full.Scopes[1]);
        Assert.True(prices.Contains("russia", "beeline", "telegram"));
        Assert.False(prices.Contains("ru", "mts", "amazon"));
        Assert.False(prices.Contains("ru", "any", "telegram"));
        Assert.True(rows.Contains("us", "virtual1", "amazon"));
        Assert.False(rows.Contains("us", "beeline", "amazon"));
        Assert.False(rows.Contains("gb", "mts", "amazon"));
    }

    [Fact]
    public void Plan_FewProductsOfAKnownMarket_OnePricesRequestPerProduct()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru", "us", "c2"], ["any"], ["telegram", "p7"]), products: false, shape: Market);

        Assert.Equal(["guest/prices?product=telegram", "guest/prices?product=p7"], targets.Select(t => t.Name));
        Assert.True(targets[0].Scopes.Single().Contains("c2", "mts", "telegram"));
        Assert.False(targets[0].Scopes.Single().Contains("gb", "mts", "telegram"));
    }

    [Fact]
    public void Plan_OneCountryOfAKnownMarketEveryProduct_OneCountrysPriceList()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru"], ["any", "mts"], ["*"]), shape: Market);

        Assert.Equal(["guest/products/ru/any", "guest/prices?country=ru"], targets.Select(t => t.Name));
        Assert.Equal(1, targets[1].StandsInFor);
    }

    [Fact]
    public void Plan_MostOfAKnownMarket_TheFullList()
    {
        var countries = Market.Countries.Keys.Take(30).ToArray();

        var targets = SweepPlanner.Plan(Monitor(countries, ["any", "mts"], ["telegram", "google", "p9"]), shape: Market);

        // 30 "any" requests and the list: 3 per-product lists and 30 mts requests would carry a tenth of its entries in 33 requests.
        Assert.Equal(31, targets.Count);
        Assert.Equal("guest/prices", targets[^1].Name);
        Assert.Equal(30, targets[^1].StandsInFor);
    }

    [Fact]
    public void Plan_ProductsPartOnlyOneOperatorOfOneCountry_AsksTheProductsEndpoint()
    {
        // One request either way; the operator's own answer is a seventh of the country's price list.
        var targets = SweepPlanner.Plan(Monitor(["ru"], ["mts"], ["*"]), prices: false, shape: Market);

        Assert.Equal(["guest/products/ru/mts"], targets.Select(t => t.Name));
    }

    [Fact]
    public void Plan_AnyOnlyAndNoPricesPart_NoPriceList()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru", "us"], ["any"], ["*"]), prices: false);

        Assert.Equal(["guest/products/ru/any", "guest/products/us/any"], targets.Select(t => t.Name));
    }

    private static MarketShape.Known Shape()
    {
        var countries = new[] { "ru", "us" }.Concat(Enumerable.Range(2, 38).Select(c => $"c{c}"));
        var operators = new[] { "mts", "Virtual1", "beeline", "megafon", "tele2", "o2", "three" };
        var products = new[] { "telegram", "google" }.Concat(Enumerable.Range(2, 248).Select(p => $"p{p}"));
        var shape = new MarketShape();
        shape.Learn([.. from c in countries from o in operators from p in products select new PriceOffer(c, o, p, 0.1m, 1)]);
        return shape.Current!;
    }
}
