using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>
/// Configuration spelled the way users write it, against a sandbox that spells like the API document (ISO codes in
/// prices, <c>Virtual1</c>): one series per offer, exact values, and an unchanged market adds no rows. One case keeps
/// the configuration spelled exactly as the answers are.
/// </summary>
public sealed class SpellingTests
{
    public enum Spelling { AsTheApi, LowerCaseAndCountryNames, ShoutedAndPadded }

    [Theory]
    [InlineData(StorageProvider.Sqlite, Spelling.AsTheApi, 1)]
    [InlineData(StorageProvider.Sqlite, Spelling.LowerCaseAndCountryNames, 1)]
    [InlineData(StorageProvider.Sqlite, Spelling.LowerCaseAndCountryNames, 4)]
    [InlineData(StorageProvider.Sqlite, Spelling.ShoutedAndPadded, 4)]
    [PostgresData(StorageProvider.PostgreSql, Spelling.AsTheApi, 1)]
    [PostgresData(StorageProvider.PostgreSql, Spelling.LowerCaseAndCountryNames, 1)]
    [PostgresData(StorageProvider.PostgreSql, Spelling.LowerCaseAndCountryNames, 4)]
    [PostgresData(StorageProvider.PostgreSql, Spelling.ShoutedAndPadded, 4)]
    public async Task Snapshot_ConfigSpelledAnyWay_EveryOfferOnceWithExactValues_AndASecondSweepAddsNoRows(StorageProvider provider, Spelling spelling, int products)
    {
        // One product is asked for per product (answers keyed product → ISO code → operator), four per country.
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 3, Products = 6 },
            sandbox => Settings(sandbox, spelling, products), provider);
        var expected = Expected(env.Sandbox);
        Assert.Contains(expected, o => o.Operator.StartsWith("Virtual", StringComparison.Ordinal)); // the spelling under test

        var first = await env.SweepAsync();
        var rows = await env.CountAsync("price_change");
        var second = await env.SweepAsync();

        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        Assert.Equal(expected, await env.LatestAsync());
        Assert.Equal(expected.Count, await env.CountAsync("series"));
        Assert.Equal(expected.Count, rows);
        Assert.Equal(rows, await env.CountAsync("price_change"));
        Assert.Equal(0, second.Changes);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Snapshot_SingleValuesForLists_TakenAsOneElementLists(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 3, Products = 6 }, sandbox => new()
        {
            ["Monitor:Countries"] = "Russia",
            ["Monitor:Operators"] = "any",
            ["Monitor:Products"] = "TELEGRAM",
        }, provider);

        var summary = await env.SweepAsync();

        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures));
        var stored = await env.LatestAsync();
        // guest/products/ru/any for every product, guest/prices?product=telegram for each of its operators.
        Assert.Equal(Expected(env.Sandbox).Where(o => o.Operator == "any" || o.Product == "telegram").ToList(), stored);
    }

    /// <summary>Russia's operators and "any", the first products, the country as a name (or code) in the chosen spelling.</summary>
    private static Dictionary<string, string?> Settings(SandboxServer sandbox, Spelling spelling, int products)
    {
        var offers = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru").ToList();
        var operators = offers.Select(o => o.Operator).Distinct().Prepend("any").ToList();
        var names = offers.Select(o => o.Product).Distinct().Take(products).ToList();
        Func<string, string> spell = spelling switch
        {
            Spelling.AsTheApi => s => s,
            Spelling.LowerCaseAndCountryNames => s => s.ToLowerInvariant(),
            _ => s => $" {s.ToUpperInvariant()} ",
        };
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:Countries:0"] = spelling == Spelling.AsTheApi ? "ru" : spell(offers[0].CountryName),
        };
        for (var i = 0; i < operators.Count; i++)
            settings[$"Monitor:Operators:{i}"] = spell(operators[i]);
        for (var i = 0; i < names.Count; i++)
            settings[$"Monitor:Products:{i}"] = spelling == Spelling.ShoutedAndPadded ? spell(names[i]) : names[i];
        return settings;
    }

    /// <summary>
    /// Each offer of Russia as the API spells it (the products endpoint lists every product; the prices endpoint the
    /// configured ones again), plus the "any" aggregate per product.
    /// </summary>
    private static List<(string Country, string Operator, string Product, decimal Price, long Qty)> Expected(SandboxServer sandbox)
    {
        var mine = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru").ToList();
        var any = mine.GroupBy(o => o.Product).Select(g => ("ru", "any", g.Key,
            g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price), g.Sum(o => o.Qty)));
        return [.. mine.Select(o => (o.CountryIso, o.Operator, o.Product, o.Price, o.Qty)).Concat(any).OrderBy(x => x)];
    }
}
