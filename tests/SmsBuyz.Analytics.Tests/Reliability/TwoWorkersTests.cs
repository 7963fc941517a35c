using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// Two <c>run</c> workers on one PostgreSQL database and one Hangfire schema against the sandbox, live auto-buy on both
/// (one of them the buyer), a fifth of the buy requests failing (5xx before, or the connection dropped after the order
/// was made). The buyer is SIGKILLed in the middle of a sweep of its own. Then: every cron occurrence, before and after
/// the kill, has exactly one sweep row; the dead worker's sweep is closed as interrupted by the survivor; the survivor
/// is the buyer within seconds and settles what the dead one left open; every order at the provider is linked to
/// exactly one Bought intent, no intent was sent twice and no limit was passed, counted by us and by the provider.
/// Nothing here talks to Hangfire in-process: its static logger may point at a host another test has disposed.
/// </summary>
// A lane of its own (over two minutes of cron minutes, a quarter of a core), beside the other collections; its bounds
// (takeover within 10 s, each occurrence within 20 s) hold with one core busy elsewhere.
[StartEarly(130)]
public sealed partial class TwoWorkersTests(ITestOutputHelper output)
{
    private const decimal DailyBudget = 45m;
    private static readonly (int Orders, decimal Spend)[] Limits = [(1000, 40m), (2, 0.50m)];

    [PostgresFact]
    public async Task TwoWorkers_BuyerKilledMidSweep_SurvivorKeepsEveryScheduleTakesOverBuyingAndNothingIsDoubled()
    {
        var options = new SandboxOptions { ApiKey = "sandbox-key", Countries = 3, Products = 8 };
        await using var sandbox = await SandboxServer.StartAsync(options, port: 0, TimeProvider.System);
        BuyFaults(sandbox);
        var products = sandbox.State.CurrentOffers().GroupBy(o => o.Product).OrderByDescending(g => g.Count()).Take(Limits.Length).Select(g => g.Key).ToList();
        foreach (var offer in sandbox.State.CurrentOffers().Where(o => products.Contains(o.Product)))
            sandbox.State.SetOffer(offer.CountryIso, offer.Operator, offer.Product, 0.25m, 1000);
        await using var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var dir = Directory.CreateTempSubdirectory("smsbuyz-twoworkers-").FullName;
        var config = Path.Combine(dir, "settings.json");
        var stop = Path.Combine(dir, "STOP");
        File.WriteAllText(config, Settings(sandbox, database.ConnectionString, products, stop));
        var env = SandboxMarket.Environment(sandbox);
        env["SmsBuyz__ApiKey"] = "sandbox-key";
        env["SmsBuyz__TimeoutSeconds"] = "6"; // well over the slow products answers, even on a busy machine
        var clock = Stopwatch.StartNew();

        // The first worker starts alone (migrations, Hangfire's schema) and becomes the buyer; the second follows it.
        using var first = AppProcess.Start(dir, env, "run", "--config", config);
        await WaitUntilAsync(async () => await BuyerAsync(database) == first.Id, "the first worker to be the buyer", first, seconds: 90);
        using var second = AppProcess.Start(dir, env, "run", "--config", config);
        await WaitUntilAsync(() => Task.FromResult(second.Stderr.Contains("Auto-buy: another worker is the buyer", StringComparison.Ordinal)),
            "the second worker to follow", second, seconds: 90);
        var bothUp = DateTimeOffset.UtcNow;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s both workers up; buyer {first.Id}, follower {second.Id}");

        // A cron occurrence with both alive: wait until the first minute's sweeps ran.
        var firstMinute = NextMinute(bothUp);
        await WaitUntilAsync(async () => await CountAsync(database, $"sweep WHERE started_at >= {UnixMs.From(firstMinute)}") >= 3,
            "the first occurrences with both workers up", first, seconds: 90);

        // Kill the buyer in the middle of a sweep of its own: the follower is paused (SIGSTOP) from just before a minute
        // starts until that minute's products sweep (slow answers now) runs, so the buyer fetches it; the follower runs
        // on as soon as the buyer is dead. A minute whose sweep does not start on the buyer in time is tried again.
        long killedSweep = 0;
        List<long> openAtKill = [];
        for (var attempt = 1; killedSweep == 0; attempt++)
        {
            Assert.True(attempt <= 3, "no products sweep started on the buyer while the follower was paused, in 3 minutes");
            var minute = NextMinute(DateTimeOffset.UtcNow.AddSeconds(5));
            await Task.Delay(minute.AddSeconds(-3) - DateTimeOffset.UtcNow);
            SlowProducts(sandbox);
            second.Pause();
            try
            {
                long sweep = 0;
                var until = DateTimeOffset.UtcNow.AddSeconds(15);
                while (sweep == 0 && DateTimeOffset.UtcNow < until)
                {
                    await Task.Delay(100);
                    sweep = await ScalarAsync(database, $"SELECT coalesce(min(id), 0) FROM sweep WHERE kind = 'products' AND started_at >= {UnixMs.From(minute)}");
                }
                if (sweep > 0 && await HolderProcessAsync(database, PgLocks.Sweeps, (int)sweep) == first.Id)
                {
                    first.Kill();
                    killedSweep = sweep;
                    await using var open = await database.OpenAsync();
                    openAtKill = (await open.QueryAsync<long>("SELECT id FROM sweep WHERE finished_at IS NULL ORDER BY id")).ToList();
                }
            }
            finally
            {
                second.Pause(paused: false);
            }
            if (killedSweep == 0)
                BuyFaults(sandbox);
        }
        var killedAt = DateTimeOffset.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        BuyFaults(sandbox);
        Assert.Equal(1, await CountAsync(database, $"sweep WHERE id = {killedSweep} AND finished_at IS NULL"));

        await WaitUntilAsync(async () => await BuyerAsync(database) == second.Id, "the survivor to be the buyer", second, seconds: 30);
        var takeover = sinceKill.Elapsed;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s buyer killed mid-sweep #{killedSweep}; the survivor was the buyer {takeover.TotalSeconds:0.0} s later");

        // The survivor keeps the schedule: the next minute's occurrences run there, and its next sweep closes the dead one's.
        var afterKill = NextMinute(killedAt);
        await WaitUntilAsync(async () => await CountAsync(database, $"sweep WHERE started_at >= {UnixMs.From(afterKill)} AND finished_at IS NOT NULL") >= 3,
            "the occurrences after the kill", second, seconds: 100);
        await WaitUntilAsync(async () => await CountAsync(database, $"sweep WHERE id = {killedSweep} AND finished_at IS NOT NULL") == 1,
            "the dead worker's sweep to be closed", second);

        // Settle: the kill switch stops new buys; the survivor settles every open intent and stores every order.
        File.WriteAllText(stop, "");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a buy under way when the switch went on
        await WaitUntilAsync(async () => await CountAsync(database, "buy_intent WHERE state IN ('Reserved', 'Sent', 'Unknown')") == 0
                && sandbox.State.Orders.All(o => CountAsync(database, $"orders WHERE id = {o.Id}").GetAwaiter().GetResult() == 1),
            "every intent settled and every order stored", second, seconds: 60);
        await WaitUntilAsync(async () => await CountAsync(database, "sweep WHERE finished_at IS NULL") == 0, "running sweeps to finish", second);
        Assert.False(second.HasExited, second.Stderr);
        var end = DateTimeOffset.UtcNow;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s settled");

        await using var connection = await database.OpenAsync();
        // Every cron occurrence from the first minute with both workers up to the last full one: exactly one sweep row.
        var starts = (await connection.QueryAsync<(string Kind, long StartedAt)>(
                "SELECT kind, started_at FROM sweep WHERE kind IN ('products', 'prices', 'account') ORDER BY started_at"))
            .Select(r => (r.Kind, Minute: Minute(UnixMs.To(r.StartedAt)))).ToList();
        // The minute after the kill was waited for above; a later one counts once its occurrence had 20 s to start.
        var lastMinute = Minute(end.AddSeconds(-20)) > afterKill ? Minute(end.AddSeconds(-20)) : afterKill;
        var minutes = Enumerable.Range(0, (int)(lastMinute - firstMinute).TotalMinutes + 1).Select(n => firstMinute.AddMinutes(n)).ToList();
        output.WriteLine($"minutes {string.Join(", ", minutes.Select(m => m.ToString("HH:mm", CultureInfo.InvariantCulture)))}: "
            + string.Join("; ", starts.GroupBy(s => s.Kind).Select(g => $"{g.Key} {string.Join(" ", g.Select(s => s.Minute.ToString("HH:mm", CultureInfo.InvariantCulture)))}")));
        foreach (var kind in new[] { JobIds.Products, JobIds.Prices, JobIds.Account })
        {
            // An occurrence the killed worker had taken from the queue but not begun (waiting behind its own products
            // sweep) has no row: it is that worker's to run, and stale (dropped, SkipStaleOccurrence) when it comes back.
            foreach (var m in minutes.Where(m => !starts.Any(s => s.Kind == kind && s.Minute == m)))
            {
                Assert.True(await HeldByAsync(connection, kind, m, first.Id), $"no {kind} sweep for the occurrence of {m:HH:mm}, and the killed worker did not hold it");
                output.WriteLine($"{kind} {m:HH:mm}: taken by the killed worker, not begun");
            }
            Assert.All(starts.Where(s => s.Kind == kind).GroupBy(s => s.Minute), g => Assert.Single(g)); // none twice, ever
        }
        Assert.True(minutes.Any(m => m > killedAt), "no occurrence after the kill was checked");
        // The same question asked of the products sweep the kill interrupted: its run was the killed worker's, unended.
        var killedMinute = Minute(UnixMs.To(await connection.ExecuteScalarAsync<long>($"SELECT started_at FROM sweep WHERE id = {killedSweep}")));
        Assert.True(await HeldByAsync(connection, JobIds.Products, killedMinute, first.Id), "the killed products sweep's run is not on record as the killed worker's");
        // The killed sweeps' occurrences are their one row each, closed as interrupted by the survivor and not run again:
        // the products sweep the test waited for, and whatever else the dead worker had open then.
        var interrupted = await connection.QueryAsync<long>("SELECT sweep_id FROM sweep_error WHERE kind = 'Interrupted' ORDER BY sweep_id");
        Assert.Contains(killedSweep, openAtKill);
        Assert.Equal(openAtKill, interrupted);
        Assert.Contains($"products #{killedSweep} was interrupted", second.Stderr, StringComparison.Ordinal);
        // The buyer role moved within seconds (one follower retry, 2 s, with room for a machine waking from SIGCONT), and the new buyer said so.
        Assert.True(takeover < TimeSpan.FromSeconds(10), $"takeover took {takeover}");
        Assert.Contains("Auto-buy: this worker is the buyer now", second.Stderr, StringComparison.Ordinal);

        await AssertBuysAsync(connection, sandbox, products, killedAt);
        // Every sweep part stored what it read: the only error on record is the killed sweep's.
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM sweep_error WHERE kind <> 'Interrupted'"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Every order at the provider is one Bought intent, none sent twice, no limit passed (ours and the provider's count).</summary>
    private async Task AssertBuysAsync(NpgsqlConnection connection, SandboxServer sandbox, List<string> products, DateTimeOffset killedAt)
    {
        var remote = sandbox.State.Orders;
        var states = (await connection.QueryAsync<(string State, long N)>("SELECT state, count(*) FROM buy_intent GROUP BY state")).ToDictionary(r => r.State, r => r.N);
        var sent = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM buy_intent WHERE sent_at IS NOT NULL");
        var linkedTwice = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM (SELECT order_id FROM buy_intent WHERE order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1) t");
        var perDay = (await connection.QueryAsync<(string Rule, string Day, long Orders, long Spent)>("""
            SELECT i.rule, i.day, count(*), sum(o.price) FROM buy_intent i JOIN orders o ON o.id = i.order_id
            WHERE i.state = 'Bought' GROUP BY i.rule, i.day
            """)).ToList();
        var unlinked = new List<long>();
        foreach (var order in remote)
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM buy_intent WHERE order_id = @Id AND state = 'Bought'", new { order.Id }) != 1)
                unlinked.Add(order.Id);
        }
        var boughtBefore = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM buy_intent WHERE state = 'Bought' AND created_at < @at", new { at = UnixMs.From(killedAt) });
        var bought = states.GetValueOrDefault("Bought");
        output.WriteLine($"intents {string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}; {sent} reached Sent, {sandbox.State.BuyRequests} buy requests, "
            + $"{remote.Count} orders at the sandbox ({boughtBefore} bought before the kill); "
            + string.Join(", ", perDay.Select(d => $"{d.Rule} {d.Day}: {d.Orders} orders, {Money.FromUnits(d.Spent)} spent")));

        Assert.Equal(0, states.GetValueOrDefault("Reserved") + states.GetValueOrDefault("Sent") + states.GetValueOrDefault("Unknown"));
        Assert.Equal(0, linkedTwice);
        Assert.Empty(unlinked);
        Assert.Equal(remote.Count, bought);
        Assert.InRange(sandbox.State.BuyRequests, bought, sent); // a request per sent intent at most: none sent twice
        Assert.True(boughtBefore >= 1 && bought > boughtBefore, $"buys before the kill {boughtBefore}, in all {bought}: the takeover was not exercised by buying");
        RuleLimits.AssertWithin(perDay, remote, products, Limits, DailyBudget, "rule-");
    }

    /// <summary>
    /// Both workers' settings: PostgreSQL for the data and the jobs; products, prices and account every minute (each a
    /// sweep row); live auto-buy by watch polls with a loose and a tight rule.
    /// </summary>
    private static string Settings(SandboxServer sandbox, string connectionString, List<string> products, string stop)
    {
        var countries = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Select(c => $"\"{c}\"");
        var rules = products.Select((p, n) => $$"""
            {"Name": "rule-{{n}}", "Product": "{{p}}", "Countries": ["*"], "MaxPrice": 1000, "Cooldown": "00:00:02",
             "WatchInterval": "00:00:05", "MaxOrdersPerDay": {{Limits[n].Orders}}, "MaxSpendPerDay": {{Limits[n].Spend.ToString(CultureInfo.InvariantCulture)}}}
            """);
        return $$$"""
            {"Storage": {"Provider": "PostgreSql", "ConnectionString": "{{{connectionString}}}"},
             "Hangfire": {"Storage": "PostgreSql"},
             "Dashboard": {"Enabled": false},
             "Schedules": {"SweepOnStart": false, "Products": "* * * * *", "Prices": "* * * * *", "Account": "* * * * *", "Reports": "", "Maintenance": ""},
             "Monitor": {"Countries": [{{{string.Join(", ", countries)}}}], "Operators": ["any"], "Products": ["*"]},
             "AutoBuy": {"Mode": "Live", "DailyBudget": {{{DailyBudget}}}, "MaxOpenOrders": 100, "ClockSkew": "00:00:05", "KillSwitchFile": "{{{stop}}}"},
             "Rules": [{{{string.Join(", ", rules)}}}]}
            """;
    }

    private static void BuyFaults(SandboxServer sandbox)
    {
        var faults = sandbox.Options.Faults;
        (faults.Kinds, faults.PathContains, faults.Probability, faults.Remaining) = (FaultKinds.ServerError | FaultKinds.DropAfterProcessing, "/user/buy/", 0.2, null);
    }

    /// <summary>Products answers 2.5 s late (under the 6 s request timeout): a products sweep is open long enough to be killed in.</summary>
    private static void SlowProducts(SandboxServer sandbox)
    {
        var faults = sandbox.Options.Faults;
        (faults.Kinds, faults.Latency, faults.PathContains, faults.Probability, faults.Remaining) =
            (FaultKinds.Latency, TimeSpan.FromSeconds(2.5), "/guest/products/", 1, null);
    }

    /// <summary>The OS process id of the worker holding the buyer lease, from its lease session's application name.</summary>
    private static Task<int?> BuyerAsync(PostgresDatabase database) => HolderProcessAsync(database, PgLocks.App, (int)WriteLock.Buyer);

    private static async Task<int?> HolderProcessAsync(PostgresDatabase database, int classId, int objId)
    {
        await using var connection = await database.OpenAsync();
        var name = await connection.ExecuteScalarAsync<string?>("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.locktype = 'advisory'
              AND l.classid = @classId::int4::oid AND l.objid = @objId::int4::oid AND l.objsubid = 2 AND l.granted
            """, new { classId, objId });
        return name is not null && ProcessId().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\bpid (\d+)\b")]
    private static partial Regex ProcessId();

    /// <summary>
    /// Whether the Hangfire run of <paramref name="kind"/>'s occurrence at <paramref name="minute"/> was being processed
    /// by the worker with OS process id <paramref name="pid"/> (Hangfire's server ids are host:pid:guid) and never ended.
    /// </summary>
    private static async Task<bool> HeldByAsync(NpgsqlConnection connection, string kind, DateTimeOffset minute, int pid) =>
        await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM hangfire.job j JOIN hangfire.jobparameter p ON p.jobid = j.id AND p.name = 'RecurringJobId'
            WHERE p.value = @Value AND j.createdat >= @From AND j.createdat < @To
              AND EXISTS (SELECT 1 FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing' AND s.data::text LIKE @Server)
              AND NOT EXISTS (SELECT 1 FROM hangfire.state s WHERE s.jobid = j.id AND s.name IN ('Succeeded', 'Failed', 'Deleted')))
            """, new
        {
            Value = $"\"{kind}\"",
            From = DateTime.SpecifyKind(minute.UtcDateTime, DateTimeKind.Unspecified),
            To = DateTime.SpecifyKind(minute.UtcDateTime.AddMinutes(1), DateTimeKind.Unspecified),
            Server = $"%:{pid}:%",
        });

    private static async Task<long> CountAsync(PostgresDatabase database, string tableAndWhere) =>
        await ScalarAsync(database, $"SELECT count(*) FROM {tableAndWhere}");

    private static async Task<long> ScalarAsync(PostgresDatabase database, string sql)
    {
        try
        {
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>(sql);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the first worker is still migrating
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

    private static DateTimeOffset NextMinute(DateTimeOffset at) => Minute(at).AddMinutes(1);

    /// <summary>Polls <paramref name="condition"/>; fails naming <paramref name="what"/> with the worker's log when it does not hold in time.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, AppProcess worker, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}; worker log:\n{worker.Stderr}");
            Assert.False(worker.HasExited, $"the worker exited while waiting for {what}:\n{worker.Stdout}{worker.Stderr}");
            await Task.Delay(100);
        }
    }
}
