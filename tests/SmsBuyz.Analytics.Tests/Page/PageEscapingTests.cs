using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Reports;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>
/// Names come from the API and end up on the page: a product, an operator, a phone, a code and an error message that are
/// markup must show as the text they are, on the overview and on the offer's page. Also: on loopback without a login
/// the page is this machine's, no login asked.
/// </summary>
[Collection(HangfireTests.Name)]
public sealed class PageEscapingTests : IDisposable
{
    private const string Product = "<script>alert('p')</script>", Operator = "<img src=x onerror=alert('o')>", Code = "<b>0123</b>",
        Message = "<iframe src=//evil.example></iframe>";

    private readonly TempFolder folder = new();

    [Fact]
    public async Task Page_NamesThatAreMarkup_ShowAsTextAndRunNothing()
    {
        await using var worker = await WorkerHost.CreateAsync(folder.Path, new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:Url"] = "http://127.0.0.1:0/hangfire",
            ["Hangfire:Storage"] = "InMemory",
            ["SmsBuyz:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Monitor:Products:0"] = "*",
        });
        await PlantAsync(worker);
        await worker.Host.StartAsync();
        var page = new Uri(worker.Services.GetRequiredService<DashboardServer>().Url!, "/");

        using var http = new HttpClient();
        var overview = await http.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode); // loopback, no credentials set: no login
        var html = await overview.Content.ReadAsStringAsync();
        foreach (var markup in new[] { "<script", "<img src=x", "<b>0123", "<iframe" })
            Assert.DoesNotContain(markup, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.WatchConsoleAsync();
        await chromium.NavigateAsync(page);
        var shown = await chromium.EvaluateAsync("""
            JSON.stringify({ product: document.querySelector('#cheapest-table tr[data-product] a').textContent,
              operator: document.querySelector('#cheapest-table .operator').textContent,
              code: document.querySelector('#orders-table .code').textContent,
              error: document.querySelector('#sweeps-table tr.sweep-error').textContent,
              elements: document.querySelectorAll('script, iframe, main img, u, td b').length,
              offer: document.querySelector('#cheapest-table tr[data-product] a').href })
            """);
        Assert.Equal(Line(Product, Operator, Code), Line((string?)shown["product"], (string?)shown["operator"], (string?)shown["code"]));
        Assert.Contains(Message, (string?)shown["error"], StringComparison.Ordinal);
        Assert.Equal(0, (int)shown["elements"]!);

        await chromium.NavigateAsync(new Uri((string)shown["offer"]!));
        var offer = await chromium.EvaluateAsync("""
            JSON.stringify({ product: document.querySelector('#offer-product').textContent, operator: document.querySelector('#offer-operator').textContent,
              title: document.title, charts: [...document.querySelectorAll('img.chart')].map(i => i.naturalWidth),
              elements: document.querySelectorAll('script, iframe').length })
            """);
        Assert.Equal(Line(Product, Operator, $"{Product} · zz · {Operator} · SmsBuyz"), Line((string?)offer["product"], (string?)offer["operator"], (string?)offer["title"]));
        Assert.All(offer["charts"]!.AsArray(), w => Assert.True((int)w! > 0, "a chart of the offer did not load"));
        Assert.Equal(0, (int)offer["elements"]!);
        Assert.True(chromium.ConsoleErrors.Count == 0, string.Join("\n", chromium.ConsoleErrors));
    }

    /// <summary>One offer of the product at the operator in country zz, an open order of it with a code, a sweep that failed with the message.</summary>
    private static async Task PlantAsync(WorkerHost worker)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await worker.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO product (id, name, key) VALUES (1, @Product, @Product);
            INSERT INTO country (id, code) VALUES (1, 'zz');
            INSERT INTO operator (id, name, key) VALUES (1, @Operator, @Operator);
            INSERT INTO series (id, product_id, country_id, operator_id) VALUES (1, 1, 1, 1);
            INSERT INTO sweep (id, kind, plan, started_at, finished_at, requests, points, changes, errors) VALUES (1, 'prices', 'test', @now - 7200000, @now - 7100000, 1, 1, 1, 1);
            INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (1, @now - 7100000, 'guest/prices', 'Malformed', @Message);
            INSERT INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES (1, @now - 7200000, 5000, 7, 1), (1, @now - 3600000, 4000, 9, 1);
            INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES (1, 4000, 9, @now - 3600000, 1, 9);
            INSERT INTO orders (id, phone, country, operator, product, price, status, created_at, first_seen_at, updated_at)
                VALUES (7, '<u>+7</u>', 'zz', @Operator, @Product, 4000, 'RECEIVED', @now - 60000, @now - 60000, @now - 60000);
            INSERT INTO order_sms (order_id, seq, created_at, code) VALUES (7, 0, @now - 30000, @Code);
            """, new { Product, Operator, Code, Message, now });
    }

    public void Dispose() => folder.Dispose();

    /// <summary>Values side by side, so a mismatch shows them all at once.</summary>
    private static string Line(params string?[] values) => string.Join(" | ", values);
}
