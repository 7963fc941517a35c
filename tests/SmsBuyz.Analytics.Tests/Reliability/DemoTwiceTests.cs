using System.Text.RegularExpressions;
using Dapper;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// <c>demo</c> run twice in one folder, as a new user tries it: each run's sandbox is a new account whose order ids may
/// repeat the first run's, at the same two providers although the sandboxes listen on new ports. Both runs buy and
/// receive codes, no step fails, and the second run leaves every row of the first as it was.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed partial class DemoTwiceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_TwiceInOneFolder_BothRunsBuyAndReceiveCodes_NoStepFails_FirstRunsRowsKept()
    {
        var dir = Directory.CreateTempSubdirectory("smsbuyz-demo-twice-").FullName;
        var env = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" };
        var db = Path.Combine(dir, "data", "demo.db");
        // Long enough for the sandbox's accelerated SMS (seconds) to reach an order bought early in the run.
        string[] demo = ["demo", "--minutes", "0.3", "--every", "1"];

        var first = await AppProcess.RunAsync(dir, env, demo);
        var firstRows = Rows(db);
        var second = await AppProcess.RunAsync(dir, env, demo);
        var secondRows = Rows(db);

        foreach (var (run, result) in new[] { ("first", first), ("second", second) })
        {
            var log = result.Stdout + result.Stderr;
            output.WriteLine($"{run}: exit {result.ExitCode}, {Bought().Count(log)} bought, {GotCode().Count(log)} codes; "
                + log.Split('\n').FirstOrDefault(l => l.StartsWith("collected:", StringComparison.Ordinal)));
            Assert.True(result.ExitCode == 0, $"{run} run: exit {result.ExitCode}\n{log}");
            Assert.True(Bought().IsMatch(log), $"{run} run bought nothing\n{log}");
            Assert.True(GotCode().IsMatch(log), $"{run} run received no code\n{log}");
            Assert.DoesNotMatch(FailedOrCritical(), log);
        }
        // Each run: an account at each of its two providers (the SmsBuyz sandbox and the 5sim-style one), new every start;
        // the providers are the first run's, and so is the market the second run swept (the sandboxes' seed is fixed).
        Assert.Equal(2, firstRows.Accounts);
        Assert.Equal(4, secondRows.Accounts);
        Assert.Equal(["5sim demo-sandbox:5sim", "smsbuyz demo-sandbox:smsbuyz"], secondRows.Providers);
        Assert.Equal(firstRows.Series, secondRows.Series);
        Assert.Subset(secondRows.Orders, firstRows.Orders); // the first run's orders, SMS and intents, each unchanged
        Assert.Subset(secondRows.Codes, firstRows.Codes);
        Assert.True(secondRows.Orders.Count > firstRows.Orders.Count, "the second run stored no order of its own");
        Assert.Equal(0, Db.Count(db, "buy_intent WHERE state IN ('Reserved', 'Sent', 'Unknown')"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// The rows of every account (its orders as bought, with the intent that bought each, and its codes), the providers
    /// and how many series.
    /// </summary>
    private static (long Accounts, HashSet<string> Orders, HashSet<string> Codes, List<string> Providers, long Series) Rows(string db)
    {
        using var connection = Db.Open(db);
        var orders = connection.Query<string>("""
            SELECT o.account_id || ' ' || o.id || ' ' || o.product || ' ' || o.country || ' ' || o.price || ' ' || o.created_at || ' ' ||
                   coalesce(i.id, 0) || ' ' || coalesce(i.state, '')
            FROM orders o LEFT JOIN buy_intent i ON i.account_id = o.account_id AND i.order_id = o.id
            """).ToHashSet(StringComparer.Ordinal);
        var codes = connection.Query<string>("SELECT account_id || ' ' || order_id || ' ' || seq || ' ' || code FROM order_sms")
            .ToHashSet(StringComparer.Ordinal);
        return (connection.ExecuteScalar<long>("SELECT count(*) FROM account"), orders, codes,
            [.. connection.Query<string>("SELECT name || ' ' || base_url FROM provider ORDER BY name")], connection.ExecuteScalar<long>("SELECT count(*) FROM series"));
    }

    [GeneratedRegex(@"auto-buy buy: bought order \d+")]
    private static partial Regex Bought();

    [GeneratedRegex(@"auto-buy code: order \d+ .* got code")]
    private static partial Regex GotCode();

    /// <summary>The console logger's Error and Critical lines ("Auto-buy step failed …" is one).</summary>
    [GeneratedRegex(@"(?m)^\S+ (fail|crit): ")]
    private static partial Regex FailedOrCritical();
}
