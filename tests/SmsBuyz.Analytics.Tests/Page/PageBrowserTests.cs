using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reports;
using SmsBuyz.Analytics.Tests.Worker;

namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>
/// The page in a real browser (headless Chromium) over HTTP, from a worker on a real SQLite database filled from the
/// sandbox, listening on a non-loopback address of this machine, so behind its login: the overview, an offer's page and
/// the latest report load without a console error, and every figure they show is read back from the database with SQL.
/// Screenshots: bin/Debug/net10.0/artifacts/page-browser/overview.png and offer.png.
/// </summary>
[Collection(HangfireTests.Name)]
public sealed class PageBrowserTests
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "page-browser");
    private const string User = "admin", Password = "pa55:word";

    [NonLoopbackFact]
    public async Task Page_OffLoopbackInChromium_AsksForTheLoginThenShowsWhatTheDatabaseHolds()
    {
        Directory.CreateDirectory(Folder);
        await using var world = await PageWorld.StartAsync(NonLoopbackFactAttribute.Address!.ToString(), User, Password);
        Assert.False(IPAddress.IsLoopback(IPAddress.Parse(world.Page.Host)));
        await LoginIsRequiredAsync(world);

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.WatchConsoleAsync();
        await chromium.SetHeadersAsync(new Dictionary<string, string> { ["Authorization"] = Basic($"{User}:{Password}") });
        await chromium.NavigateAsync(world.Page);
        var overview = await chromium.EvaluateAsync(PageScript.Overview);
        await chromium.ScreenshotPageAsync(Path.Combine(Folder, "overview.png"), 1300);
        await OverviewMatchesTheDatabaseAsync(world, overview);

        var order = (await world.QueryAsync<(string Product, string Country, string Operator)>(
            "SELECT product, country, operator FROM orders ORDER BY id LIMIT 1")).Single();
        var provider = (await world.QueryAsync<string>("""
            SELECT v.name FROM orders o JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id ORDER BY o.id LIMIT 1
            """)).Single();
        await chromium.NavigateAsync(new Uri(world.Page, Analytics.Page.PageText.OfferLink(provider, order.Product, order.Country, order.Operator)));
        var offer = await chromium.EvaluateAsync(PageScript.Offer);
        await chromium.ScreenshotPageAsync(Path.Combine(Folder, "offer.png"), 1300);
        await OfferMatchesTheDatabaseAsync(world, offer, order);

        await chromium.NavigateAsync(new Uri(world.Page, "/report/"));
        var report = await chromium.EvaluateAsync(PageScript.Report);
        Assert.Equal("Where it is cheapest now", (string?)report["firstHeading"]);
        Assert.True(report["images"]!.AsArray().Count >= 9);
        Assert.All(report["images"]!.AsArray(), i => Assert.True((int)i!["width"]! > 0, $"{i!["src"]} did not load"));

        Assert.True(chromium.ConsoleErrors.Count == 0, string.Join("\n", chromium.ConsoleErrors));
    }

    /// <summary>Off loopback, nothing of the page is served without the login; with it, everything is.</summary>
    private static async Task LoginIsRequiredAsync(PageWorld world)
    {
        using var http = new HttpClient();
        foreach (var path in new[] { "/", "/offer?product=telegram&country=ru&operator=any", "/report/", "/report/index.html" })
        {
            var anonymous = await http.GetAsync(new Uri(world.Page, path));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(world.Page, path));
            wrong.Headers.Authorization = AuthenticationHeaderValue.Parse(Basic($"{User}:wrong"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }
        using var right = new HttpRequestMessage(HttpMethod.Get, world.Page);
        right.Headers.Authorization = AuthenticationHeaderValue.Parse(Basic($"{User}:{Password}"));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right)).StatusCode);
    }

    private static async Task OverviewMatchesTheDatabaseAsync(PageWorld world, JsonNode page)
    {
        // The cheapest in-stock offer per product: the sandbox's countries all have real operators, so "any" never counts.
        foreach (var product in new[] { "telegram", "whatsapp" })
        {
            var best = (await world.QueryAsync<(string Country, string Operator, long Price, long Qty)>("""
                SELECT c.code, o.name, l.price, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id JOIN product p ON p.id = s.product_id
                JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id
                WHERE p.key = @product AND o.key <> 'any' AND l.qty > 0 ORDER BY l.price, l.qty DESC LIMIT 1
                """, new { product })).Single();
            var row = page["cheapest"]!.AsArray().Single(r => (string?)r!["product"] == product)!;
            Assert.Equal(Line(best.Country, best.Operator, Money.Format(Money.FromUnits(best.Price)), best.Qty.ToString("#,0", CultureInfo.InvariantCulture)), Line((string?)row["country"], (string?)row["operator"], (string?)row["price"], (string?)row["qty"]));
            Assert.Matches(@"^\d+\.\d{2,4}$", (string?)row["median"]);
        }

        var today = RuleUsage.Day(DateTimeOffset.UtcNow);
        var (orders, spent) = (await world.QueryAsync<(long Orders, long Spent)>($"""
            SELECT count(*), coalesce(sum(reserved), 0) FROM buy_intent
            WHERE rule = @rule AND mode = 'DryRun' AND day = @today AND state IN {IntentStates.Sql(IntentStates.Counted)}
            """, new { rule = PageWorld.BuyRule, today })).Single();
        Assert.True(orders > 0);
        var rule = page["rules"]!.AsArray().Single(r => (string?)r!["rule"] == PageWorld.BuyRule)!;
        Assert.Equal(Line(orders.ToString(CultureInfo.InvariantCulture), Money.Format(Money.FromUnits(spent))), Line((string?)rule["orders"], (string?)rule["spent"]));
        Assert.Equal(Money.Format(Money.FromUnits(spent)), (string?)page["spentToday"]);

        var open = await world.QueryAsync<(long Id, string Status, string? Code)>($"""
            SELECT o.id, o.status, (SELECT s.code FROM order_sms s WHERE s.order_id = o.id ORDER BY s.seq DESC LIMIT 1) FROM orders o
            WHERE o.status NOT IN {SqlList.Of(OrderStatus.Final)} ORDER BY o.id
            """);
        Assert.Equal(2, open.Count);
        Assert.Contains(open, o => o.Code == "012345");
        Assert.Equal(open.Select(o => $"{o.Id} {o.Status} {o.Code ?? "–"}"),
            page["orders"]!.AsArray().Select(o => $"{o!["id"]} {o["state"]} {o["code"]}"));

        var sweeps = await world.QueryAsync<(string Kind, long Id, long Errors)>(
            "SELECT kind, id, errors FROM sweep WHERE id IN (SELECT max(id) FROM sweep GROUP BY kind) ORDER BY kind");
        Assert.Equal(sweeps.Select(s => $"{s.Kind} #{s.Id}: {s.Errors}"), page["sweeps"]!.AsArray().Select(s => $"{s!["kind"]} #{s["id"]}: {s["errors"]}"));
        Assert.True(sweeps.Single(s => s.Kind == "products").Errors > 0);
        Assert.Contains(page["sweepErrors"]!.AsArray(), e => ((string?)e)!.Contains($"guest/products/{PageWorld.FailingCountry}/", StringComparison.Ordinal));

        var alerts = (await world.QueryAsync<long>("SELECT count(*) FROM rule_alert WHERE alerted_at IS NOT NULL")).Single();
        Assert.Equal(Math.Min(alerts, 20), (long)page["alerts"]!);
        Assert.StartsWith("Kill switch ON", (string?)page["killSwitch"], StringComparison.Ordinal);
        Assert.Equal(["/", "/report/", "/hangfire", "/metrics", "/healthz"], page["links"]!.AsArray().Select(l => new Uri((string)l!).AbsolutePath));
    }

    private static async Task OfferMatchesTheDatabaseAsync(PageWorld world, JsonNode page, (string Product, string Country, string Operator) offer)
    {
        var latest = (await world.QueryAsync<(long Price, long Qty)>("""
            SELECT l.price, l.qty FROM price_latest l JOIN series s ON s.id = l.series_id JOIN product p ON p.id = s.product_id
            JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id
            WHERE p.key = @Product AND c.code = @Country AND o.key = lower(@Operator)
            """, new { offer.Product, offer.Country, offer.Operator })).Single();
        Assert.Equal(Line(offer.Product, offer.Country, offer.Operator), Line((string?)page["product"], (string?)page["country"], (string?)page["operator"]));
        Assert.Equal(Line(Money.Format(Money.FromUnits(latest.Price)), latest.Qty.ToString("#,0", CultureInfo.InvariantCulture)), Line((string?)page["price"], (string?)page["qty"]));
        var bought = (await world.QueryAsync<long>("SELECT count(*) FROM orders WHERE product = @Product AND country = @Country AND operator = @Operator",
            new { offer.Product, offer.Country, offer.Operator })).Single();
        Assert.Equal(bought.ToString(CultureInfo.InvariantCulture), (string?)page["deliveryOrders"]);
        Assert.Equal(2, page["charts"]!.AsArray().Count);
        Assert.All(page["charts"]!.AsArray(), c => Assert.True((int)c!["width"]! > 0, $"{c!["src"]} did not load"));
    }

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    /// <summary>Values side by side, so a mismatch shows them all at once.</summary>
    private static string Line(params string?[] values) => string.Join(" | ", values);
}
