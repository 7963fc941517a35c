using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Providers;

/// <summary>
/// Two providers of the API family in one database: the <c>SmsBuyz</c> section at one sandbox, a <c>Providers</c> entry
/// at a second that speaks 5sim's dialect (its own prices, ids and key). One sweep asks both at once; each market and
/// each account is stored whole under its own provider, and a provider that does not answer delays no one else.
/// </summary>
public sealed class TwoProvidersSweepTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Snapshot_TwoProvidersOneSpeaking5sim_EachMarketAndAccountStoredWholeUnderItsProvider(StorageProvider storage)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var smsbuyz = await SandboxServer.StartAsync(Sandbox(SandboxDialect.SmsBuyz, seed: 1), port: 0, time);
        await using var fiveSim = await SandboxServer.StartAsync(Sandbox(SandboxDialect.FiveSim, seed: 2), port: 0, time);
        var settings = Settings(smsbuyz, fiveSim);
        await using var services = await new TestServices(storage, settings, time).MigrateAsync();
        BuyOne(smsbuyz, SandboxDialect.SmsBuyz);
        BuyOne(fiveSim, SandboxDialect.FiveSim);

        var summaries = await services.Get<SweepRunner>().RunAsync(SweepKind.Snapshot, SweepParts.All, CancellationToken.None);

        Assert.Equal(["smsbuyz", "5sim"], summaries.Select(s => s.Asked?.Name));
        Assert.All(summaries, s => Assert.True(s.Succeeded, string.Join("\n", s.Failures)));
        await using var connection = await services.OpenAsync();
        foreach (var (name, sandbox) in new[] { ("smsbuyz", smsbuyz), ("5sim", fiveSim) })
        {
            Assert.Equal(Expected(sandbox.State.CurrentOffers()), await LatestAsync(connection, name));
            Assert.Equal(sandbox.State.Orders.Select(o => (o.Id, o.Product, Money.ToUnits(o.Price))).Order(),
                await connection.QueryAsync<(long, string, long)>("""
                    SELECT o.id, o.product, o.price FROM orders o JOIN account a ON a.id = o.account_id JOIN provider v ON v.id = a.provider_id
                    WHERE v.name = @name ORDER BY o.id
                    """, new { name }));
            Assert.Equal(sandbox.State.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture), await connection.ExecuteScalarAsync<string>(
                "SELECT a.external_id FROM account a JOIN provider v ON v.id = a.provider_id WHERE v.name = @name", new { name }));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM sweep w JOIN provider v ON v.id = w.provider_id WHERE v.name = @name", new { name }));
        }
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM provider"));
    }

    [Fact]
    public async Task Sweep_OneProviderNeverAnswers_TheOtherIsStoredAndEndsWithoutWaitingForIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var smsbuyz = await SandboxServer.StartAsync(Sandbox(SandboxDialect.SmsBuyz, seed: 1), port: 0, time);
        // Takes connections and never answers: every request to it ends at its timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(backlog: 64);
        var settings = Settings(smsbuyz, fiveSim: null);
        settings["Providers:0:Name"] = "silent";
        settings["Providers:0:BaseUrl"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/v1";
        settings["Providers:0:TimeoutSeconds"] = "3";
        settings["Providers:0:MaxReadRetries"] = "0";
        await using var services = await new TestServices(settings, time).MigrateAsync();

        var clock = Stopwatch.StartNew();
        var run = services.Get<SweepRunner>().RunAsync(SweepKind.Snapshot, SweepParts.Products | SweepParts.Prices, CancellationToken.None);
        await WaitUntilFinishedAsync(services, "smsbuyz");
        var answeredAfter = clock.Elapsed;
        var stillWaiting = !run.IsCompleted;
        var summaries = await run;
        var allAfter = clock.Elapsed;

        var (answered, stalled) = (summaries[0], summaries[1]);
        Assert.True(answered.Succeeded, string.Join("\n", answered.Failures));
        Assert.All(stalled.Failures, f => Assert.Equal(nameof(ApiErrorKind.Timeout), f.Kind));
        Assert.Equal(stalled.Parts, stalled.Failures.Count);
        Assert.Contains("Providers:0:TimeoutSeconds", stalled.Failures[0].Hint, StringComparison.Ordinal);
        // The answering provider's sweep was stored and its row finished while the other still waited for its timeout.
        Assert.True(stillWaiting, $"the sweep of both ended {answeredAfter} in, with the answering provider's");
        Assert.True(allAfter >= TimeSpan.FromSeconds(3), $"the silent provider's sweep ended after {allAfter}");
        Assert.True(answeredAfter < allAfter - TimeSpan.FromSeconds(1), $"{answeredAfter} against {allAfter}");
        await using var connection = await services.OpenAsync();
        Assert.Equal(Expected(smsbuyz.State.CurrentOffers()), await LatestAsync(connection, "smsbuyz"));
        Assert.Equal([(answered.SweepId, 0L), (stalled.SweepId, (long)stalled.Parts)], await connection.QueryAsync<(long, long)>(
            "SELECT id, errors FROM sweep ORDER BY id"));
    }

    private static async Task WaitUntilFinishedAsync(TestServices services, string provider)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(20))
        {
            await using var connection = await services.OpenAsync();
            if (await connection.ExecuteScalarAsync<long>("""
                SELECT count(*) FROM sweep w JOIN provider v ON v.id = w.provider_id WHERE v.name = @provider AND w.finished_at IS NOT NULL
                """, new { provider }) > 0)
                return;
        }
        Assert.Fail($"{provider}'s sweep row never finished");
    }

    private static SandboxOptions Sandbox(SandboxDialect dialect, int seed) =>
        new() { Dialect = dialect, Seed = seed, Countries = 4, Products = 8, SmsNeverProbability = 1 };

    /// <summary>The SmsBuyz section at <paramref name="smsbuyz"/>, a Providers entry named 5sim at <paramref name="fiveSim"/>; every country either serves, every product.</summary>
    private static Dictionary<string, string?> Settings(SandboxServer smsbuyz, SandboxServer? fiveSim)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = smsbuyz.BaseUrl.ToString(),
            ["SmsBuyz:ApiKey"] = Key(SandboxDialect.SmsBuyz),
            ["SmsBuyz:RequestsPerSecond"] = "1000",
            ["Monitor:Operators:0"] = "any",
            ["Monitor:Products:0"] = "*",
        };
        if (fiveSim is not null)
        {
            settings["Providers:0:Name"] = "5sim";
            settings["Providers:0:BaseUrl"] = fiveSim.BaseUrl.ToString();
            settings["Providers:0:ApiKey"] = Key(SandboxDialect.FiveSim);
            settings["Providers:0:RequestsPerSecond"] = "1000";
        }
        var countries = new[] { smsbuyz, fiveSim }.OfType<SandboxServer>()
            .SelectMany(s => s.State.CurrentOffers().Select(o => o.CountryIso)).Distinct().Order().ToList();
        for (var i = 0; i < countries.Count; i++)
            settings[$"Monitor:Countries:{i}"] = countries[i];
        return settings;
    }

    /// <summary>The key each dialect's sandbox takes by default: the two differ, as two providers' keys do.</summary>
    private static string Key(SandboxDialect dialect) => Sandbox(dialect, seed: 0).ApiKey;

    private static void BuyOne(SandboxServer sandbox, SandboxDialect dialect)
    {
        var offer = sandbox.State.CurrentOffers().Where(o => o.Qty > 0).OrderBy(o => o.Price).First();
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Key(dialect));
        http.GetAsync(new Uri($"user/buy/activation/{offer.CountryIso}/{offer.Operator}/{offer.Product}", UriKind.Relative))
            .GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    /// <summary>What a provider's market must be stored as: each operator's offer, and the <c>any</c> aggregate over them.</summary>
    private static List<(string, string, string, long, long)> Expected(IEnumerable<MarketOffer> market)
    {
        var offers = market.ToList();
        var perOperator = offers.Select(o => (o.CountryIso, OfferNames.OperatorKey(o.Operator), o.Product, Money.ToUnits(o.Price), (long)o.Qty));
        var aggregate = offers.GroupBy(o => (o.CountryIso, o.Product)).Select(g => (g.Key.CountryIso, "any", g.Key.Product,
            Money.ToUnits(g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price)), (long)g.Sum(o => o.Qty)));
        return [.. perOperator.Concat(aggregate).Order()];
    }

    private static async Task<List<(string, string, string, long, long)>> LatestAsync(System.Data.Common.DbConnection connection, string provider) =>
        [.. (await connection.QueryAsync<(string Country, string Operator, string Product, long Price, long Qty)>("""
            SELECT c.code, o.name, p.name, l.price, l.qty FROM price_latest l
            JOIN series s ON s.id = l.series_id JOIN provider v ON v.id = s.provider_id JOIN country c ON c.id = s.country_id
            JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id
            WHERE v.name = @provider
            """, new { provider })).Select(r => (r.Country, OfferNames.OperatorKey(r.Operator), r.Product, r.Price, r.Qty)).Order()];
}
