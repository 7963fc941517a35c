using System.Text;
using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

public sealed class SweepAgainstSandboxTests
{
    private const string ApiKey = "sk-LEAK-CHECK-5f1c2e";

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweep_FullMarket_StoresEveryPointExactly_AndAnUnchangedSecondSweepAddsNoRows(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 20, Products = 100, ApiKey = ApiKey },
            sandbox => MarketSettings(sandbox, allProducts: true), provider);
        var market = env.Sandbox.State.CurrentOffers();

        var first = await env.SweepAsync();
        var rowsAfterFirst = await env.CountAsync("price_change");
        var second = await env.SweepAsync();

        Assert.True(first.Succeeded, string.Join("\n", first.Failures));
        Assert.True(second.Succeeded, string.Join("\n", second.Failures));
        var perOperator = market.Select(o => (o.CountryIso, o.Operator, o.Product, o.Price, o.Qty)).OrderBy(x => x).ToList();
        var aggregate = market.GroupBy(o => (o.CountryIso, o.Product))
            .Select(g => (g.Key.CountryIso, Operator: "any", g.Key.Product,
                Price: g.Any(o => o.Qty > 0) ? g.Where(o => o.Qty > 0).Min(o => o.Price) : g.Min(o => o.Price), Qty: g.Sum(o => o.Qty)))
            .OrderBy(x => x).ToList();
        var stored = await env.LatestAsync();
        Assert.Equal(20 * 100, aggregate.Count);
        Assert.Equal(perOperator, stored.Where(s => s.Operator != "any").ToList());
        Assert.Equal(aggregate, stored.Where(s => s.Operator == "any").ToList());
        Assert.Equal(perOperator.Count + aggregate.Count, rowsAfterFirst);
        Assert.Equal(rowsAfterFirst, await env.CountAsync("price_change"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweep_WithApiKey_StoresProfileOrdersWithCodesAndPayments(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 20, Products = 100, ApiKey = ApiKey },
            sandbox => MarketSettings(sandbox, allProducts: false), provider);
        var client = env.Services.Get<SmsBuyzClient>();
        var offer = env.Sandbox.State.CurrentOffers().First(o => o.Qty > 0);
        var bought = await client.BuyActivationAsync(offer.CountryIso, offer.Operator, offer.Product, CancellationToken.None);
        env.Sandbox.State.DeliverSms(bought.Id, "012345");

        var summary = await env.SweepAsync();

        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures));
        await using var connection = await env.Services.OpenAsync();
        var order = await connection.QuerySingleAsync<(long Id, long Price, string Status)>("SELECT id, price, status FROM orders");
        Assert.Equal((bought.Id, Money.ToUnits(offer.Price), OrderStatus.Received), order);
        Assert.Equal("012345", await connection.ExecuteScalarAsync<string>("SELECT code FROM order_sms WHERE order_id = @id", new { id = bought.Id }));
        Assert.Equal(Money.ToUnits(env.Sandbox.State.Balance), await connection.ExecuteScalarAsync<long>("SELECT balance FROM profile_history"));
        Assert.True(await env.CountAsync("payments") >= 2, "top-up and charge");
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweep_OneEndpointFailing_RecordsTheFailureAndKeepsEarlierData(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 20, Products = 100, ApiKey = ApiKey },
            sandbox => MarketSettings(sandbox, allProducts: false), provider);
        await env.SweepAsync();
        var before = await env.LatestAsync();
        env.Sandbox.Options.Faults.PathContains = "/guest/products/";
        env.Sandbox.Options.Faults.Kinds = FaultKinds.ServerError;
        env.Sandbox.Options.Faults.Probability = 1;

        var summary = await env.SweepAsync();

        Assert.False(summary.Succeeded);
        Assert.Equal(20, summary.Errors);
        Assert.All(summary.Failures, f => Assert.StartsWith("guest/products/", f.Target, StringComparison.Ordinal));
        Assert.Equal(before, await env.LatestAsync());
        Assert.Equal(20, await env.CountAsync($"sweep_error WHERE sweep_id = {summary.SweepId}"));
        await using var connection = await env.Services.OpenAsync();
        Assert.Equal(20, await connection.ExecuteScalarAsync<long>("SELECT errors FROM sweep WHERE id = @id", new { id = summary.SweepId }));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweep_OutageThenRecovery_LosesNothingRecordsFailuresAndTheNextSweepIsComplete(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 20, Products = 100, ApiKey = ApiKey },
            sandbox => MarketSettings(sandbox, allProducts: false), provider);
        await env.SweepAsync();
        var rowsBefore = await env.CountAsync("price_change");
        var latestBefore = await env.LatestAsync();

        env.Sandbox.Options.Faults.Kinds = FaultKinds.ServerError | FaultKinds.DropConnection | FaultKinds.HtmlErrorPage;
        env.Sandbox.Options.Faults.Probability = 1;
        var outage = new List<SweepSummary>();
        for (var i = 0; i < 3; i++)
        {
            env.Services.Time.Advance(TimeSpan.FromMinutes(5)); // the market keeps moving during the outage
            outage.Add(await env.SweepAsync());
        }
        var latestDuringOutage = await env.LatestAsync();
        env.Sandbox.Options.Faults.Probability = 0;
        var recovered = await env.SweepAsync();

        Assert.All(outage, s => Assert.Equal(0, s.Points));
        // 20 products + 3 prices targets + profile, orders, payments: each failed after 1 + 3 retries.
        Assert.All(outage, s => Assert.Equal((26, 26 * 4), (s.Errors, s.Requests)));
        Assert.Equal(latestBefore, latestDuringOutage); // a failed fetch is never a price or "stock went to zero"
        Assert.True(recovered.Succeeded, string.Join("\n", recovered.Failures));
        Assert.True(await env.CountAsync("price_change") >= rowsBefore);
        Assert.Equal(outage.Sum(s => s.Errors), await env.CountAsync($"sweep_error WHERE sweep_id IN ({string.Join(',', outage.Select(s => s.SweepId))})"));
        var market = env.Sandbox.State.CurrentOffers();
        var stored = (await env.LatestAsync()).Where(s => s.Operator != "any").ToList();
        Assert.Equal(market.Where(o => stored.Any(s => s.Country == o.CountryIso && s.Product == o.Product))
            .Select(o => (o.CountryIso, o.Operator, o.Product, o.Price, o.Qty)).OrderBy(x => x).ToList(), stored);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweep_ApiKeyEchoedBackInErrorBodies_NeverReachesLogsDatabaseErrorsOrFiles(StorageProvider provider)
    {
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 20, Products = 100, ApiKey = ApiKey },
            sandbox => MarketSettings(sandbox, allProducts: false), provider);
        await env.SweepAsync();
        // Latency waits on the sandbox's (fake, frozen) clock, so it would only test the timeout.
        env.Sandbox.Options.Faults.Kinds = FaultKinds.All & ~FaultKinds.Latency;
        env.Sandbox.Options.Faults.Probability = 0.5;
        var faulty = await env.SweepAsync();
        // Then a server that quotes the key back in the error body of every account request (retries included).
        env.Sandbox.Options.Faults.Kinds = FaultKinds.EchoAuthorization;
        env.Sandbox.Options.Faults.PathContains = "/user/";
        env.Sandbox.Options.Faults.Probability = 1;
        var echoed = await env.SweepAsync();

        Assert.True(faulty.Errors > 0, "the faulty sweep should have failed parts");
        // The key did come back: in the answers the sandbox sent, and the app read them: each account part failed
        // quoting the echo.
        Assert.Contains(env.Sandbox.Options.Faults.Echoed, body => body.Contains(ApiKey, StringComparison.Ordinal));
        Assert.Equal(["user/orders", "user/payments", "user/profile"],
            echoed.Failures.Where(f => f.Message.Contains("\"authorization\":\"Bearer ", StringComparison.Ordinal)).Select(f => f.Target).Order());
        var logs = string.Join("\n", env.Services.Logs.GetSnapshot().Select(l =>
            $"{l.Message} {l.Exception} {string.Join(' ', l.StructuredState?.Select(p => p.Value) ?? [])}"));
        var stored = await StoredTextAsync(env.Services);
        var leaks = new KeyLeaks(ApiKey);
        leaks.Search("logs", logs);
        leaks.Search("sweep failures", string.Join("\n", faulty.Failures.Concat(echoed.Failures)));
        leaks.Search("database", stored);
        leaks.SearchFiles(env.Services.Directory);
        Assert.True(leaks.Found.Count == 0, leaks.ToString());
        // The search can see a key: the echoes, redacted, do reach the logs and the database.
        Assert.Contains("Bearer ***", logs, StringComparison.Ordinal);
        Assert.Contains("Bearer ***", stored, StringComparison.Ordinal);
    }

    /// <summary>
    /// SQLite: the write-ahead log, where the sweep's rows are until a checkpoint, and the database file, as bytes.
    /// PostgreSQL: every row of every table of the database, as text (the server's files hold them in pages it may
    /// not have written yet).
    /// </summary>
    private static async Task<string> StoredTextAsync(TestServices services)
    {
        if (services.Storage == StorageProvider.Sqlite)
        {
            // The log first: when its last connection closes it is checkpointed into the file and deleted, and then
            // the file read after it holds its rows.
            var path = Path.Combine(services.Directory, "test.db");
            byte[] log;
            try
            {
                log = File.ReadAllBytes(path + "-wal");
            }
            catch (FileNotFoundException)
            {
                log = [];
            }
            return Encoding.UTF8.GetString(log) + Encoding.UTF8.GetString(File.ReadAllBytes(path));
        }
        await using var connection = await services.OpenAsync();
        var tables = (await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).ToList();
        Assert.Contains("sweep_error", tables);
        var text = new StringBuilder();
        foreach (var table in tables)
            text.AppendJoin('\n', await connection.QueryAsync<string>($"SELECT t::text FROM \"{table}\" t"));
        return text.ToString();
    }

    private static Dictionary<string, string?> MarketSettings(SandboxServer sandbox, bool allProducts)
    {
        var offers = sandbox.State.CurrentOffers();
        var settings = new Dictionary<string, string?>();
        var countries = offers.Select(o => o.CountryIso).Distinct().ToList();
        for (var i = 0; i < countries.Count; i++)
            settings[$"Monitor:Countries:{i}"] = countries[i];
        settings["Monitor:Operators:0"] = "any";
        var products = allProducts ? ["*"] : offers.Select(o => o.Product).Distinct().Take(3).ToList();
        for (var i = 0; i < products.Count; i++)
            settings[$"Monitor:Products:{i}"] = products[i];
        return settings;
    }
}
