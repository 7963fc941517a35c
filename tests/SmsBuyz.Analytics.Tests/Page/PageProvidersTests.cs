using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Page;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>
/// One offer (telegram, zz, op) stored at two providers, dearer at the configured one: the overview names the cheaper
/// provider and links to its offer; each provider's link opens that provider's offer; a link without a provider (made
/// before providers were told apart) opens the configured one's; an unknown provider is not found.
/// </summary>
[Collection(HangfireTests.Name)]
public sealed partial class PageProvidersTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Overview_CheapestAtAnotherProvider_NamedAndLinkedToThatProvidersOffer()
    {
        await using var worker = await WorkerHost.CreateAsync(folder.Path, new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:Url"] = "http://127.0.0.1:0/hangfire",
            ["Hangfire:Storage"] = "InMemory",
            ["SmsBuyz:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Monitor:Products:0"] = "telegram",
        });
        var configured = await worker.Services.GetRequiredService<Identities>().ProviderAsync(CancellationToken.None);
        var other = await worker.Services.GetRequiredService<IdentityStore>().EnsureProviderAsync("http://127.0.0.1:8/v1", "5sim", CancellationToken.None);
        await PlantAsync(worker, (configured.Id, 4000), (other.Id, 3000));
        await PlantOrdersAsync(worker, other.Id, 3);
        await worker.Host.StartAsync();
        var page = new Uri(worker.Services.GetRequiredService<DashboardServer>().Url!, "/");
        using var http = new HttpClient();

        var overview = await http.GetStringAsync(page);
        var row = Row().Match(overview);

        Assert.True(row.Success, overview);
        Assert.Equal("5sim", row.Groups["provider"].Value);
        Assert.Equal(PageText.OfferLink("5sim", "telegram", "zz", "op"), WebUtility.HtmlDecode(row.Groups["link"].Value));
        Assert.Equal("5sim", OfferProvider(await http.GetStringAsync(new Uri(page, PageText.OfferLink("5sim", "telegram", "zz", "op")))));
        Assert.Equal(configured.Name, OfferProvider(await http.GetStringAsync(new Uri(page, PageText.OfferLink(configured.Name, "telegram", "zz", "op")))));
        Assert.Equal(configured.Name, OfferProvider(await http.GetStringAsync(new Uri(page, "/offer?product=telegram&country=zz&operator=op"))));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(page, PageText.OfferLink("nobody", "telegram", "zz", "op")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(page, PageText.OfferLink("5SIM", "telegram", "zz", "op") + "&days=7"))).StatusCode);
        // Each offer's delivery record is its own provider's orders: 5sim's 3 orders are not the configured provider's.
        Assert.Equal("3", DeliveryOrders(await http.GetStringAsync(new Uri(page, PageText.OfferLink("5sim", "telegram", "zz", "op")))));
        Assert.Null(DeliveryOrders(await http.GetStringAsync(new Uri(page, PageText.OfferLink(configured.Name, "telegram", "zz", "op")))));
    }

    [Fact]
    public async Task Overview_TwoAccounts_OpenOrdersOfEachNamed()
    {
        await using var worker = await WorkerHost.CreateAsync(folder.Path, new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:Url"] = "http://127.0.0.1:0/hangfire",
            ["Hangfire:Storage"] = "InMemory",
            ["SmsBuyz:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["SmsBuyz:ApiKey"] = "key-1",
            ["Providers:0:Name"] = "5sim",
            ["Providers:0:BaseUrl"] = "http://127.0.0.1:8/v1",
            ["Providers:0:ApiKey"] = "key-2",
            ["Monitor:Products:0"] = "telegram",
        });
        var providers = worker.Services.GetRequiredService<ProviderSet>().All;
        await providers[0].Identities.LearnAsync(new Analytics.Api.Profile(1001, "a@example.com", 10m, 0m, null), CancellationToken.None);
        var fiveSim = await providers[1].Identities.LearnAsync(new Analytics.Api.Profile(77, null, 10m, 0m, null), CancellationToken.None);
        await using (var connection = await worker.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None))
            await connection.ExecuteAsync("""
                INSERT INTO orders (id, country, operator, product, price, status, first_seen_at, updated_at, account_id)
                VALUES (5, 'zz', 'op', 'telegram', 3000, 'PENDING', 0, 0, @account)
                """, new { account = fiveSim.Id });
        await worker.Host.StartAsync();
        using var http = new HttpClient();

        var overview = await http.GetStringAsync(new Uri(worker.Services.GetRequiredService<DashboardServer>().Url!, "/"));

        Assert.Contains("open orders: <b id=\"open-count\">1</b>, MaxOpenOrders 5 per account:", overview, StringComparison.Ordinal);
        Assert.Contains("0 at 1001 (a@example.com) at smsbuyz, 1 at 77 at 5sim.", WebUtility.HtmlDecode(overview), StringComparison.Ordinal);
    }

    /// <summary>Orders of the offer at an account of the provider, created an hour ago, each with a code.</summary>
    private static async Task PlantOrdersAsync(WorkerHost worker, long provider, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await worker.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var account = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO account (provider_id, external_id, first_seen_at, last_seen_at) VALUES (@provider, '77', @now, @now) RETURNING id
            """, new { provider, now });
        for (var id = 1; id <= count; id++)
            await connection.ExecuteAsync("""
                INSERT INTO orders (id, country, operator, product, price, status, created_at, first_seen_at, updated_at, account_id)
                VALUES (@id, 'zz', 'op', 'telegram', 3000, 'FINISHED', @at, @at, @at, @account);
                INSERT INTO order_sms (order_id, seq, created_at, code, account_id) VALUES (@id, 0, @at + 30000, '123456', @account);
                """, new { id, at = now - 3600000, account });
    }

    /// <summary>The delivery table's order count; null when the page says there are no orders.</summary>
    private static string? DeliveryOrders(string html) => DeliveryOrdersCell().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The offer at each provider, in stock, at its price (1e-4 units).</summary>
    private static async Task PlantAsync(WorkerHost worker, params (long Provider, long Price)[] offers)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await worker.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO product (id, name, key) VALUES (1, 'telegram', 'telegram');
            INSERT INTO country (id, code) VALUES (1, 'zz');
            INSERT INTO operator (id, name, key) VALUES (1, 'op', 'op');
            INSERT INTO sweep (id, kind, plan, started_at, finished_at, requests, points, changes, errors) VALUES (1, 'prices', 'test', @now - 7200000, @now - 7100000, 1, 1, 1, 0);
            """, new { now });
        foreach (var (provider, price) in offers)
            await connection.ExecuteAsync("""
                INSERT INTO series (product_id, country_id, operator_id, provider_id) VALUES (1, 1, 1, @provider);
                INSERT INTO price_change (series_id, observed_at, price, qty, sweep_id) SELECT id, @now - 3600000, @price, 9, 1 FROM series WHERE provider_id = @provider;
                INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) SELECT id, @price, 9, @now - 3600000, 1, 9 FROM series WHERE provider_id = @provider;
                """, new { provider, price, now });
    }

    private static string OfferProvider(string html) =>
        OfferProviderSpan().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException(html);

    [GeneratedRegex("""<td><a href="(?<link>[^"]+)">telegram</a></td>\s*<td class="provider">(?<provider>[^<]*)</td>""")]
    private static partial Regex Row();

    [GeneratedRegex("""<td class="num orders">(\d+)</td>""")]
    private static partial Regex DeliveryOrdersCell();

    [GeneratedRegex("""<span id="offer-provider">([^<]*)</span>""")]
    private static partial Regex OfferProviderSpan();

    public void Dispose() => folder.Dispose();
}
