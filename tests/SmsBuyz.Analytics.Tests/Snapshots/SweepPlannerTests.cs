using SmsBuyz.Analytics.Snapshots;

namespace SmsBuyz.Analytics.Tests.Snapshots;

public sealed class SweepPlannerTests
{
    private static MonitorOptions Monitor(string[] countries, string[] operators, string[] products) =>
        new() { Countries = [.. countries], Operators = [.. operators], Products = [.. products] };

    [Fact]
    public void Plan_ProductsForEachCountryAndOperator()
    {
        var targets = SweepPlanner.Plan(Monitor(["RU", "us"], ["any", "mts"], []));

        Assert.Equal(
            ["guest/products/ru/any", "guest/products/ru/mts", "guest/products/us/any", "guest/products/us/mts"],
            targets.Select(t => t.Name));
    }

    [Fact]
    public void Plan_FewerProductsThanCountries_OnePricesRequestPerProduct()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru", "us", "gb"], ["any"], ["telegram", "google"]), products: false);

        Assert.Equal(["guest/prices?product=telegram", "guest/prices?product=google"], targets.Select(t => t.Name));
        Assert.All(targets, t => Assert.True(t.Scope.Contains("gb", "mts", t.Product!)));
        Assert.All(targets, t => Assert.False(t.Scope.Contains("de", "mts", t.Product!)));
    }

    [Fact]
    public void Plan_MoreProductsThanCountries_OnePricesRequestPerCountry()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru"], ["any"], ["telegram", "google"]), products: false);

        var target = Assert.Single(targets);
        Assert.Equal("guest/prices?country=ru", target.Name);
        Assert.True(target.Scope.Contains("ru", "mts", "google"));
        Assert.False(target.Scope.Contains("ru", "mts", "amazon"));
        Assert.False(target.Scope.Contains("ru", "any", "google"));
    }

    [Fact]
    public void Plan_AllProducts_OnePricesRequestPerCountryCoveringEveryProduct()
    {
        var targets = SweepPlanner.Plan(Monitor(["ru", "us"], ["any"], ["*"]), products: false);

        Assert.Equal(["guest/prices?country=ru", "guest/prices?country=us"], targets.Select(t => t.Name));
        Assert.True(targets[0].Scope.Contains("ru", "mts", "anything"));
    }
}
