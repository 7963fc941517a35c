using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Analytics.Worker;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>
/// The page on a market of 100,000 series (the bench's synthetic market: 100 countries × 200 products × 5 operators,
/// a month of history in the three tiers, sparse enough to build in seconds: the page reads the latest state and one
/// offer's history), over HTTP from the worker. An absolute time does not hold
/// on a shared machine, so each is printed beside references measured in the same run: a plain count of price_latest,
/// and the market read model's latest state of every series. The limit asserted is generous (a busy machine); the
/// figures are the point: <c>dotnet test --filter PageSpeed --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(HangfireTests.Name)]
public sealed class PageSpeedTests(ITestOutputHelper output) : IDisposable
{
    private const int Series = 100_000, Rounds = 7;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Page_OnAMarketOf100000Series_AnswersWellUnderASecond()
    {
        var build = Stopwatch.StartNew();
        await BuildAsync();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load {LoadAverage()}; synthetic market of {Series:N0} series built in {build.Elapsed.TotalSeconds:F1} s");

        await using (var monitored = await StartAsync(["product000", "product001", "product002", "product003", "product004"]))
        {
            var db = monitored.Services.GetRequiredService<Database>();
            var count = await BestAsync(async () =>
            {
                await using var c = await db.OpenAsync(CancellationToken.None);
                Assert.Equal(Series, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM price_latest"));
            });
            var latest = await BestAsync(async () => Assert.Equal(Series,
                (await monitored.Services.GetRequiredService<MarketReadModel>().LatestAsync(MarketFilter.All, CancellationToken.None)).Count));
            output.WriteLine($"references: SELECT count(*) FROM price_latest {Ms(count)}; the latest state of all {Series:N0} series (MarketReadModel.LatestAsync) {Ms(latest)}");

            var page = new Uri(monitored.Services.GetRequiredService<DashboardServer>().Url!, "/");
            using var http = new HttpClient();
            var overview = await BestAsync(async () => Assert.Equal(5, Rows(await http.GetStringAsync(page))));
            var provider = await monitored.Services.GetRequiredService<Analytics.Providers.Identities>().ProviderAsync(CancellationToken.None);
            var offerLink = new Uri(page, Analytics.Page.PageText.OfferLink(provider.Name, "product000", "c000", "op1"));
            var offer = await BestAsync(async () => Assert.Contains("id=\"price-chart\"", await http.GetStringAsync(offerLink), StringComparison.Ordinal));
            var chart = await BestAsync(async () => Assert.True((await http.GetByteArrayAsync(new Uri(page, "/offer/chart.png" + offerLink.Query + "&kind=price"))).Length > 1000));
            output.WriteLine($"overview of 5 monitored products {Ms(overview)} = {overview / count:F1} × the count, {overview / latest:F2} × the latest state");
            output.WriteLine($"an offer's page (30 days) {Ms(offer)}; its price chart (PNG) {Ms(chart)}");
            Assert.True(overview < Limit, $"the overview took {Ms(overview)} at best of {Rounds}");
            Assert.True(offer < Limit, $"an offer's page took {Ms(offer)} at best of {Rounds}");
        }

        await using var all = await StartAsync(["*"]);
        var allPage = new Uri(all.Services.GetRequiredService<DashboardServer>().Url!, "/");
        using var client = new HttpClient();
        var everything = await BestAsync(async () => Assert.Equal(200, Rows(await client.GetStringAsync(allPage))));
        output.WriteLine($"overview with Monitor:Products \"*\" (all 200 products: every series ranked) {Ms(everything)}");
        Assert.True(everything < 3 * Limit, $"the overview of every product took {Ms(everything)} at best of {Rounds}");
    }

    /// <summary>A closed port: the page reads the database only.</summary>
    private const string ApiUrl = "http://127.0.0.1:9/v1";

    private static int Rows(string html) => html.Split("<tr data-product=").Length - 1;

    /// <summary>The synthetic market into the worker's database, its end at the start of today (UTC), as <c>bench query</c> builds it.</summary>
    private async Task BuildAsync()
    {
        await (await WorkerHost.CreateAsync(folder.Path, new Dictionary<string, string?>())).DisposeAsync();
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / UnixMs.DayMs * UnixMs.DayMs;
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "app.db")}");
        await connection.OpenAsync();
        await new SyntheticHistory(connection, new SizeScenario(Series, SweepMinutes: 24 * 60, PriceChangeShare: 0.01, StockPassShare: 0.02, Days: 31),
            new RetentionOptions(), end, baseUrl: Analytics.Api.ProviderKey.Of(ApiUrl)).BuildAsync(CancellationToken.None); // the page shows the configured provider's
    }

    private Task<WorkerHost> StartAsync(string[] products)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:Url"] = "http://127.0.0.1:0/hangfire",
            ["Hangfire:Storage"] = "InMemory",
            ["SmsBuyz:BaseUrl"] = ApiUrl,
        };
        for (var i = 0; i < products.Length; i++)
            settings[$"Monitor:Products:{i}"] = products[i];
        return StartedAsync(WorkerHost.CreateAsync(folder.Path, settings));
    }

    private static async Task<WorkerHost> StartedAsync(Task<WorkerHost> creating)
    {
        var worker = await creating;
        await worker.Host.StartAsync();
        return worker;
    }

    /// <summary>The fastest of <see cref="Rounds"/> runs after one to warm up (JIT, the first render of a component).</summary>
    private static async Task<TimeSpan> BestAsync(Func<Task> run)
    {
        await run();
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        return best;
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public void Dispose() => folder.Dispose();
}
