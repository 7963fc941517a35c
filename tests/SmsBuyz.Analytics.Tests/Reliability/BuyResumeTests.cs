using System.Diagnostics;
using Dapper;
using SmsBuyz.Analytics.Tests.AutoBuy;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// Liveness with safety, in real time: the live worker (<c>run</c>) against a sandbox whose buys fail 30 % with a 5xx
/// (nothing made) and 30 % with the connection dropped after the order was made, SIGKILLed twice and restarted on the
/// same database. One rule with a daily limit keeps buying up to that limit within about a minute and a half; the
/// provider never holds more of its orders than the limit, and every one of them is known locally, linked once.
/// </summary>
[Collection(RealTime.Name)]
public sealed class BuyResumeTests(ITestOutputHelper output)
{
    private const int Limit = 8;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task LiveBuy_60PercentAmbiguousAnswers_KilledTwice_ReachesItsDailyLimitWithin90s_NeverBeyond()
    {
        var options = new SandboxOptions { ApiKey = "sandbox-key", Countries = 3, Products = 8, SmsNeverProbability = 1 };
        options.Faults.PathContains = "/user/buy/";
        options.Faults.Kinds = FaultKinds.ServerError | FaultKinds.DropAfterProcessing; // each drawn half the time
        options.Faults.Probability = 0.6;
        await using var sandbox = await SandboxServer.StartAsync(options, port: 0, TimeProvider.System);
        var product = sandbox.State.CurrentOffers().GroupBy(o => o.Product).OrderByDescending(g => g.Count()).First().Key;
        foreach (var offer in sandbox.State.CurrentOffers().Where(o => o.Product == product))
            sandbox.State.SetOffer(offer.CountryIso, offer.Operator, offer.Product, 0.25m, 1000);

        var dir = Directory.CreateTempSubdirectory("smsbuyz-buyresume-").FullName;
        var db = Path.Combine(dir, "buys.db");
        var config = Path.Combine(dir, "settings.json");
        var countries = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Select(c => $"\"{c}\"");
        File.WriteAllText(config, $$$"""
            {"Storage": {"Database": "{{{db}}}"},
             "Hangfire": {"Storage": "InMemory"},
             "Dashboard": {"Enabled": false},
             "Schedules": {"SweepOnStart": true},
             "Monitor": {"Countries": [{{{string.Join(", ", countries)}}}], "Operators": ["any"], "Products": ["{{{product}}}"]},
             "AutoBuy": {"Mode": "Live", "MaxOpenOrders": 100, "KillSwitchFile": "{{{Path.Combine(dir, "STOP")}}}"},
             "Rules": [{"Name": "cheap", "Product": "{{{product}}}", "Countries": ["*"], "MaxPrice": 1, "Cooldown": "00:00:02",
                        "WatchInterval": "00:00:05", "MaxOrdersPerDay": {{{Limit}}}}]}
            """);
        var env = SandboxMarket.Environment(sandbox);
        env["SmsBuyz__ApiKey"] = "sandbox-key";
        env["SmsBuyz__TimeoutSeconds"] = "3";
        var random = new Random(20261110);
        var clock = Stopwatch.StartNew();
        var most = 0;
        TimeSpan? reached = null;

        // Two runs SIGKILLed at a random moment, then one that runs until the limit is reached (or the time is up) and
        // settles; the kills land whatever the runs were doing, also after the limit was reached.
        for (var run = 0; run < 3; run++)
        {
            using var app = AppProcess.Start(dir, env, "run", "--config", config);
            var until = clock.Elapsed + (run < 2 ? TimeSpan.FromMilliseconds(random.Next(10_000, 18_000)) : Target + TimeSpan.FromSeconds(30));
            while (clock.Elapsed < until && (run < 2 || reached is null))
            {
                await Task.Delay(200);
                most = Math.Max(most, sandbox.State.Orders.Count);
                reached ??= most >= Limit ? clock.Elapsed : null;
            }
            Assert.False(app.HasExited, app.Stdout + app.Stderr);
            if (run < 2)
            {
                app.Kill();
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: kill {run + 1}, {sandbox.State.Orders.Count} orders, {sandbox.State.BuyRequests} buy requests");
                continue;
            }
            // Let the last run settle every unknown buy (the orders it may still link), and watch it buy nothing more.
            var settleBy = clock.Elapsed + TimeSpan.FromSeconds(30);
            while (clock.Elapsed < settleBy && Db.Count(db, "buy_intent WHERE state IN ('Reserved', 'Sent', 'Unknown')") > 0)
                await Task.Delay(200);
            await Task.Delay(6000);
            most = Math.Max(most, sandbox.State.Orders.Count);
        }

        using var connection = Db.Open(db);
        var states = connection.Query<(string State, long N)>("SELECT state, COUNT(*) FROM buy_intent GROUP BY state").ToDictionary(r => r.State, r => r.N);
        var unlinked = sandbox.State.Orders.Count(o => connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM buy_intent i JOIN orders o ON o.id = i.order_id WHERE i.order_id = @Id AND i.state = 'Bought'", new { o.Id }) != 1);
        output.WriteLine($"limit {Limit} reached after {reached?.TotalSeconds:0.0} s; {sandbox.State.Orders.Count} orders, {sandbox.State.BuyRequests} buy requests; "
            + $"intents {string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}");
        output.WriteLine($"real time: {ResumeFigures.Read(connection)}");

        Assert.NotNull(reached);
        Assert.True(reached <= Target, $"took {reached?.TotalSeconds:0.0} s");
        Assert.Equal(Limit, most); // never more orders at the provider than the rule's limit
        Assert.Equal(Limit, states.GetValueOrDefault("Bought"));
        Assert.Equal(0, unlinked);
        Assert.Equal(0, states.GetValueOrDefault("Reserved") + states.GetValueOrDefault("Sent") + states.GetValueOrDefault("Unknown"));
        connection.Close();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
