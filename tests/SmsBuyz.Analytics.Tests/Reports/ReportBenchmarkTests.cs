using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// The speed target: a full report over 30 days of 100 products × 20 countries in under 10 s. Building the history
/// takes longer than the suite's budget, so it runs on request: <c>SMSBUYZ_REPORT_BENCH=1 dotnet test --filter ReportBenchmark</c>.
/// </summary>
public sealed class ReportBenchmarkTests(ITestOutputHelper output)
{
    private const long Hour = 3_600_000, Day = 24 * Hour, Sweep = 300_000;

    [OptInFact("SMSBUYZ_REPORT_BENCH")]
    public async Task FullReport_30DaysOf100ProductsBy20Countries_RendersInUnder10Seconds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "smsbuyz-report-bench");
        await using var services = await ReportFixture.CreateAsync(folder, withHistory: false);
        var build = Stopwatch.StartNew();
        var rows = await FillAsync(services, ReportFixture.Now.ToUnixTimeMilliseconds());
        output.WriteLine($"history: {rows:N0} rows (raw 14 d, hourly 14 d, daily 2 d) built in {build.Elapsed.TotalSeconds:F1} s");

        var report = Stopwatch.StartNew();
        var index = await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), null,
            new Steps(output, report), CancellationToken.None);
        output.WriteLine($"report: {report.Elapsed.TotalSeconds:F1} s, {Directory.GetFiles(Path.GetDirectoryName(index)!).Length} files in {Path.GetDirectoryName(index)}");
        Assert.True(report.Elapsed < TimeSpan.FromSeconds(10), $"the report took {report.Elapsed}");
    }

    /// <summary>2,000 series; each changes about every 30 min (a sixth of 5-minute sweeps), as the tiers hold it under the default retention.</summary>
    private static async Task<long> FillAsync(TestServices services, long end)
    {
        var random = new Random(7);
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync("PRAGMA synchronous = OFF");
        await using var tx = connection.BeginTransaction();
        await connection.ExecuteAsync("INSERT INTO operator VALUES (1, 'any', 'any')", transaction: tx);
        for (var i = 1; i <= 100; i++)
            await connection.ExecuteAsync("INSERT INTO product VALUES (@i, 'product' || @i, 'product' || @i)", new { i }, tx);
        for (var i = 1; i <= 20; i++)
            await connection.ExecuteAsync("INSERT INTO country VALUES (@i, 'c' || @i)", new { i }, tx);
        await connection.ExecuteAsync("""
            INSERT INTO series (id, product_id, country_id, operator_id) SELECT (p.id - 1) * 20 + c.id, p.id, c.id, 1 FROM product p, country c;
            INSERT INTO sweep (id, kind, plan, started_at) VALUES (1, 'prices', 'bench', @start);
            INSERT INTO retention_cutoff VALUES ('raw', @rawFrom, 0, @rawFrom), ('hourly', @hourlyFrom, 0, @hourlyFrom);
            """, new { start = end - (30 * Day), rawFrom = end - (14 * Day), hourlyFrom = end - (28 * Day) }, tx);
        var rows = 0L;
        await using var raw = Command(connection, tx, "INSERT INTO price_change VALUES ($1, $2, $3, $4, 1)");
        await using var hourly = Command(connection, tx, "INSERT INTO price_hourly VALUES ($1, $2, $3, $3 + 100, $3 + 50, $3, $4, $4, $4, $4, 2)");
        await using var daily = Command(connection, tx, "INSERT INTO price_daily VALUES ($1, $2, $3, $3 + 300, $3 + 150, $3, $4, $4, $4, $4, 40)");
        await using var latest = Command(connection, tx, "INSERT INTO price_latest VALUES ($1, $3, $4, $2, 1, $4)");
        for (var s = 1; s <= 2000; s++)
        {
            long price = random.Next(1_000, 60_000), qty = random.Next(0, 5_000), at = end - (30 * Day), last = at;
            for (; at < end - (28 * Day); at += Day, rows++)
                await Run(daily, s, at, price, qty);
            for (; at < end - (14 * Day); at += Hour, rows++)
                await Run(hourly, s, at, price = Math.Max(100, price + random.Next(-200, 201)), qty);
            for (; at < end; at += Sweep)
                if (random.Next(6) == 0)
                {
                    (price, qty, last) = (Math.Max(100, price + random.Next(-500, 501)), Math.Max(0, qty + random.Next(-300, 301)), at);
                    await Run(raw, s, at, price, qty);
                    rows++;
                }
            await Run(latest, s, last, price, qty);
        }
        await tx.CommitAsync();
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        (command.Transaction, command.CommandText) = (tx, sql);
        foreach (var name in new[] { "$1", "$2", "$3", "$4" })
            command.Parameters.Add(name, SqliteType.Integer);
        return command;
    }

    private static Task<int> Run(SqliteCommand command, long a, long b, long c, long d)
    {
        (command.Parameters[0].Value, command.Parameters[1].Value, command.Parameters[2].Value, command.Parameters[3].Value) = (a, b, c, d);
        return command.ExecuteNonQueryAsync();
    }

    /// <summary>Each progress step with the time it started, to see where the time goes.</summary>
    private sealed class Steps(ITestOutputHelper output, Stopwatch clock) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F2} s  {value}");
    }
}
