using System.Globalization;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// Two providers in one database: the <c>SmsBuyz</c> section at one sandbox, a <c>Providers</c> entry named fivesim at
/// another (the 5sim-shaped one, same seed: the same offers at prices 10 % apart), an order bought at each before one
/// <c>snapshot</c> of both. The report,
/// the exports, <c>status</c> and <c>orders</c> name each row's provider and account, compare the two, and narrow to one
/// with <c>--provider</c>; the expected prices are the sandboxes' own, read from their state.
/// </summary>
public sealed class ProviderComparisonTests
{
    private const string Product = "telegram";

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task TwoProviders_ReportExportsStatusOrders_CompareAndFilterByProvider(StorageProvider storage)
    {
        // The sandboxes' clock stands still: their market does not move between the snapshot and the expectations.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smsbuyz = await SandboxServer.StartAsync(Options(SandboxDialect.SmsBuyz, 1001), timeProvider: time);
        await using var fivesim = await SandboxServer.StartAsync(Options(SandboxDialect.FiveSim, 2002), timeProvider: time);
        var bought = new Dictionary<string, decimal> { ["smsbuyz"] = await BuyAsync(smsbuyz), ["fivesim"] = await BuyAsync(fivesim) };
        smsbuyz.State.DeliverSms(smsbuyz.State.Orders[0].Id, "0123");
        using var cli = new CliHarness(storage, new
        {
            SmsBuyz = new { BaseUrl = smsbuyz.BaseUrl.ToString(), smsbuyz.Options.ApiKey, RequestsPerSecond = 1000 },
            Providers = new[] { new { Name = "fivesim", BaseUrl = fivesim.BaseUrl.ToString(), fivesim.Options.ApiKey, RequestsPerSecond = 1000 } },
            Monitor = new { Countries = new[] { "ru", "us", "gb" } }, // the sandboxes' three countries
        });
        var snapshot = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);
        Assert.True(snapshot.ExitCode == 0, snapshot.Stdout + snapshot.Stderr);

        var report = cli.PathOf("report");
        Assert.Equal(0, (await cli.RunAsync("report", "--out", report, "--config", cli.ConfigPath)).ExitCode);

        // Cheapest now: the lower of the two providers' own cheapest in-stock offers, the other provider's beside it.
        var (lowS, lowF) = (Cheapest(smsbuyz), Cheapest(fivesim));
        var row = Row(report, "cheapest.csv", Product);
        var (best, other) = lowS <= lowF ? ("smsbuyz", "fivesim") : ("fivesim", "smsbuyz");
        Assert.Equal((best, Math.Min(lowS, lowF)), (row[1], Decimal(row[4])));
        Assert.Equal((other, Math.Max(lowS, lowF), Math.Abs(lowS - lowF)), (row[12], Decimal(row[15]), Decimal(row[17])));
        Assert.True(File.Exists(Path.Combine(report, $"price_providers_{Product}.png")), "no chart of the product at each provider");
        Assert.Contains("cheapest at another provider", await File.ReadAllTextAsync(Path.Combine(report, "index.html")), StringComparison.Ordinal);

        // Per account: its orders, spend and codes, and the balance its provider last answered.
        var accounts = Lines(report, AccountsReport.File);
        Assert.Equal(3, accounts.Length);
        Assert.StartsWith($"fivesim,2002,", accounts[1], StringComparison.Ordinal);
        Assert.Equal((100m - bought["fivesim"], 100m - bought["smsbuyz"]), (Decimal(Pick(accounts[1], 3).Single()), Decimal(Pick(accounts[2], 3).Single())));
        Assert.Equal(["smsbuyz", "1001", "1", "1"], [.. Pick(accounts[2], 0, 1, 6, 11)]); // one order, with its code
        Assert.Equal(["fivesim", "2002", "1", "0"], [.. Pick(accounts[1], 0, 1, 6, 11)]);

        // One provider: its rows alone, and nothing to compare it with.
        var only = cli.PathOf("only");
        Assert.Equal(0, (await cli.RunAsync("report", "--out", only, "--provider", "FiveSim", "--config", cli.ConfigPath)).ExitCode);
        Assert.All(Lines(only, "price_stats.csv").Skip(1), l => Assert.StartsWith("fivesim,", l, StringComparison.Ordinal));
        Assert.Equal(("fivesim", lowF, ""), (Row(only, "cheapest.csv", Product)[1], Decimal(Row(only, "cheapest.csv", Product)[4]), Row(only, "cheapest.csv", Product)[12]));

        var prices = await cli.RunAsync("export", "prices", "--latest", "--provider", "fivesim", "--out", "-", "--config", cli.ConfigPath);
        var exported = prices.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(exported);
        Assert.All(exported, l => Assert.Equal("fivesim", l.Split(',')[1]));
        await using (var connection = await cli.OpenAsync())
            Assert.Equal(await connection.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM price_latest l JOIN series s ON s.id = l.series_id JOIN provider v ON v.id = s.provider_id WHERE v.name = 'fivesim'
                """), exported.Count);

        var unknown = await cli.RunAsync("orders", "--provider", "nosuch", "--config", cli.ConfigPath);
        Assert.Equal(ExitCodes.BadConfiguration, unknown.ExitCode);
        Assert.Contains("--provider: 'nosuch' is not a stored provider; known: fivesim (http://", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("smsbuyz (http://", unknown.Stderr, StringComparison.Ordinal);

        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);
        foreach (var (name, account) in new[] { ("smsbuyz", "1001"), ("fivesim", "2002") })
            Assert.Matches($@"\n  {account} \(\S+\) at {name}: balance {Money.Format(100m - bought[name]).Replace(".", @"\.", StringComparison.Ordinal)} \(\d{{4}}-", status.Stdout);
        var orders = await cli.RunAsync("orders", "--provider", "smsbuyz", "--config", cli.ConfigPath);
        var lines = orders.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("account 1001 (", lines[0], StringComparison.Ordinal);
        Assert.Equal([smsbuyz.State.Orders[0].Id.ToString(CultureInfo.InvariantCulture)], lines.Skip(2).Select(l => l.Split('\t')[0]));
    }

    private static SandboxOptions Options(SandboxDialect dialect, long account) =>
        new() { Dialect = dialect, Seed = 7, Countries = 3, Products = 5, AccountId = account, SmsNeverProbability = 1 };

    /// <summary>Buys the product's cheapest offer in stock at the sandbox, as another tool would; its price.</summary>
    private static async Task<decimal> BuyAsync(SandboxServer sandbox)
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.Options.ApiKey);
        var offer = sandbox.State.CurrentOffers().Where(o => o.Product == Product && o.Qty > 0).OrderBy(o => o.Price).First();
        var country = sandbox.Options.Dialect == SandboxDialect.FiveSim ? offer.CountryName : offer.CountryIso;
        (await http.GetAsync(new Uri($"user/buy/activation/{country}/{offer.Operator}/{Product}", UriKind.Relative))).EnsureSuccessStatusCode();
        return Assert.Single(sandbox.State.Orders).Price;
    }

    private static decimal Cheapest(SandboxServer sandbox) =>
        sandbox.State.CurrentOffers().Where(o => o.Product == Product && o.Qty > 0).Min(o => o.Price);

    private static string[] Lines(string folder, string file) => File.ReadAllLines(Path.Combine(folder, file));

    private static string[] Row(string folder, string file, string first) =>
        Lines(folder, file).Select(l => l.Split(',')).Single(f => f[0] == first);

    private static IEnumerable<string> Pick(string line, params int[] columns) => columns.Select(c => line.Split(',')[c]);

    private static decimal Decimal(string text) => text.Length == 0 ? 0m : decimal.Parse(text, CultureInfo.InvariantCulture);
}
