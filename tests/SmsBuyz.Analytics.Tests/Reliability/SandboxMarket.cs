using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>What a complete sweep of the whole sandbox market must store, in the order of <see cref="Db.Latest"/>.</summary>
internal static class SandboxMarket
{
    public static List<(string Country, string Operator, string Product, decimal Price, long Qty)> Expected(SandboxServer sandbox)
    {
        var market = sandbox.State.CurrentOffers();
        var aggregate = market.GroupBy(o => (o.CountryIso, o.Product))
            .Select(g => (g.Key.CountryIso, Operator: "any", g.Key.Product,
                Price: g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price), Qty: g.Sum(o => o.Qty)));
        return [.. market.Select(o => (o.CountryIso, o.Operator, o.Product, o.Price, o.Qty)).Concat(aggregate).OrderBy(x => x)];
    }

    /// <summary>Settings JSON sweeping every country and product of the sandbox into <paramref name="database"/>.</summary>
    public static string SettingsJson(SandboxServer sandbox, string database, string hangfireDatabase)
    {
        var countries = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Select(c => $"\"{c}\"");
        return $$$"""
            {"Storage": {"Database": "{{{database}}}"},
             "Hangfire": {"Database": "{{{hangfireDatabase}}}"},
             "Dashboard": {"Enabled": false},
             "Monitor": {"Countries": [{{{string.Join(", ", countries)}}}], "Operators": ["any"], "Products": ["*"]}}
            """;
    }

    public static Dictionary<string, string> Environment(SandboxServer sandbox) => new()
    {
        ["SmsBuyz__BaseUrl"] = sandbox.BaseUrl.ToString(),
        ["SmsBuyz__RequestsPerSecond"] = "1000",
        ["SmsBuyz__TimeoutSeconds"] = "10",
        ["SmsBuyz__RetryDelaySeconds"] = "0.01",
        ["DOTNET_NOLOGO"] = "1",
    };
}
