using System.Globalization;
using SmsBuyz.Analytics.Tests.Api;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// A small, well-formed market and account served by a <see cref="StubApiServer"/>: 2 countries × 2 products,
/// so a sweep is 6 parts (2 products, the full price list, profile, orders, payments). Each generation moves every price,
/// so a complete sweep is told apart from a stale one.
/// </summary>
internal static class StubMarket
{
    public static readonly string[] Countries = ["ru", "us"];
    public static readonly string[] Products = ["telegram", "google"];
    public const int Parts = 6;
    public const string ApiKey = "sk-RELIABILITY-7d3a";

    public static readonly string[] Paths =
        ["guest/products/ru/any", "guest/products/us/any", "guest/prices", "user/profile", "user/orders", "user/payments"];

    public static Dictionary<string, string?> Settings(string baseUrl) => new()
    {
        ["SmsBuyz:BaseUrl"] = baseUrl,
        ["SmsBuyz:ApiKey"] = ApiKey,
        ["SmsBuyz:RequestsPerSecond"] = "1000",
        ["SmsBuyz:TimeoutSeconds"] = "3", // stalls time out quickly; answers that should succeed are not cut off under load
        ["SmsBuyz:MaxReadRetries"] = "2",
        ["SmsBuyz:RetryDelaySeconds"] = "0.01",
        ["Monitor:Countries:0"] = "ru",
        ["Monitor:Countries:1"] = "us",
        ["Monitor:Operators:0"] = "any",
        ["Monitor:Products:0"] = "telegram",
        ["Monitor:Products:1"] = "google",
    };

    /// <summary>Answers every path with generation <paramref name="gen"/> of the market.</summary>
    public static void Serve(StubApiServer stub, int gen)
    {
        foreach (var path in Paths)
            stub.Set(path, request => Good(path, request.Query, gen));
    }

    public static StubReply Good(string path, string query, int gen) => path switch
    {
        "guest/products/ru/any" => StubReply.Json(ProductsBody("ru", gen)),
        "guest/products/us/any" => StubReply.Json(ProductsBody("us", gen)),
        "guest/prices" when !query.Contains("product=", StringComparison.Ordinal) => StubReply.Json(FullListBody(gen)),
        "guest/prices" => StubReply.Json(PricesBody(query.Contains("google", StringComparison.Ordinal) ? "google" : "telegram", gen)),
        "user/profile" => StubReply.Json("""{"id": 1, "email": "u@example.com", "balance": 10.5, "rating": 0, "default_operator": "any"}"""),
        "user/orders" => StubReply.Json("""
            [{"id": 123, "phone": "79001234567", "operator": "virtual1", "product": "telegram", "price": 0.4118,
              "status": "RECEIVED", "country": "ru", "created_at": "2026-01-15T12:00:00", "sms": [{"code": "012345"}]}]
            """),
        "user/payments" => StubReply.Json("""[{"id": 9, "type": "charge", "provider": "x", "amount": -0.4118, "balance": 10.5, "created_at": "2026-01-15T12:00:00"}]"""),
        _ => StubReply.Text("no stub", 404),
    };

    /// <summary>Every series a complete sweep of <paramref name="gen"/> stores, sorted like <see cref="Db.Latest"/>.</summary>
    public static List<(string Country, string Operator, string Product, decimal Price, long Qty)> Expected(int gen) =>
    [
        .. from c in Countries from p in Products select (c, "any", p, Price(c, p, gen, aggregate: true), Qty(c, p, gen)),
        .. from c in Countries from p in Products select (c, "virtual1", p, Price(c, p, gen, aggregate: false), Qty(c, p, gen)),
    ];

    private static string ProductsBody(string country, int gen) => "{" + string.Join(",", Products.Select(p =>
        $"\"{p}\": {{\"Category\": \"activation\", \"Qty\": {Qty(country, p, gen)}, \"Price\": {Num(Price(country, p, gen, true))}}}")) + "}";

    private static string PricesBody(string product, int gen) => "{" + string.Join(",", Countries.Select(c =>
        $"\"{c}\": {{\"virtual1\": {{\"cost\": {Num(Price(c, product, gen, false))}, \"count\": {Qty(c, product, gen)}}}}}")) + "}";

    /// <summary>The full list, country → product → operator as the related 5sim API sends it.</summary>
    private static string FullListBody(int gen) => "{" + string.Join(",", Countries.Select(c => $"\"{c}\": {{" + string.Join(",", Products.Select(p =>
        $"\"{p}\": {{\"virtual1\": {{\"cost\": {Num(Price(c, p, gen, false))}, \"count\": {Qty(c, p, gen)}}}}}")) + "}")) + "}";

    private static decimal Price(string country, string product, int gen, bool aggregate) =>
        0.5m + Array.IndexOf(Countries, country) * 0.1m + Array.IndexOf(Products, product) * 0.01m + gen * 0.001m + (aggregate ? 0 : 0.0001m);

    private static long Qty(string country, string product, int gen) =>
        100 + Array.IndexOf(Countries, country) * 10 + Array.IndexOf(Products, product) + gen * 50;

    private static string Num(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
