using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// The speed target: a full report over 30 days of 100 products × 20 countries in at most 3 s on the 2-core machine
/// docs/performance.md names. Building the history takes longer than the suite's budget, so it runs on request:
/// <c>SMSBUYZ_REPORT_BENCH=1 dotnet test --filter ReportBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
/// <remarks>
/// An absolute time does not hold on a shared, noisy machine, so every figure is printed beside a reference measured
/// in the same run, and the test asserts a ratio. The references: a plain scan of every stored row the report reads
/// (what no SQL aggregate over those rows can beat: the statistics and the whole report are multiples of it), and one
/// trivial chart (two points, PNG and SVG, the report's size and font: what any chart costs, so the chart stage reads
/// as "this many trivial charts' time"). Five rounds of reference and report: the first report runs cold (JIT, fonts)
/// as the command always does, and the next ones while .NET compiles the hot code again, optimized, on a thread of its
/// own (the second round of three was the slowest in most runs here); the worker's hourly reports run that code. The
/// fastest report over the fastest scan is the figure asserted: another process slowing one of them down in one round
/// then does not decide it. The median of the warm rounds is printed beside it.
/// </remarks>
public sealed class ReportBenchmarkTests(ITestOutputHelper output)
{
    private const long Hour = 3_600_000, Day = 24 * Hour, Sweep = 300_000;
    private const int Rounds = 5;

    /// <summary>3 s over the scan's 0.10 s, both measured on the machine of docs/performance.md at rest.</summary>
    private const double MaxScans = 30;

    [OptInFact("SMSBUYZ_REPORT_BENCH")]
    public async Task FullReport_30DaysOf100ProductsBy20Countries_TakesAtMost3Seconds()
    {
        output.WriteLine($"machine: {Machine()}");
        var folder = Path.Combine(Path.GetTempPath(), "smsbuyz-report-bench");
        await using var services = await ReportFixture.CreateAsync(folder, withHistory: false);
        var build = Stopwatch.StartNew();
        var end = ReportFixture.Now.ToUnixTimeMilliseconds();
        var rows = await FillAsync(services, end);
        output.WriteLine($"history: {rows:N0} rows (raw 14 d, hourly 14 d, daily 2 d) built in {build.Elapsed.TotalSeconds:F1} s");

        var (bestScan, bestReport) = (TimeSpan.MaxValue, TimeSpan.MaxValue);
        var warm = new List<TimeSpan>();
        for (var round = 1; round <= Rounds; round++)
        {
            var (scanned, scan) = await ScanAsync(services, end);
            var chart = TrivialChart();
            var stages = new ReportStages();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var index = await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), null, new Progress<string>(),
                CancellationToken.None, stages: stages);
            var report = stages.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            (bestScan, bestReport) = (Min(bestScan, scan), Min(bestReport, report));
            if (round > 1)
                warm.Add(report);
            var files = Directory.GetFiles(Path.GetDirectoryName(index)!);
            output.WriteLine("");
            output.WriteLine($"round {round}{(round == 1 ? " (cold: JIT, fonts)" : "")}: report {report.TotalSeconds:F2} s = {report / scan:F1} × the scan; " +
                $"{files.Length} files, {files.Count(f => f.EndsWith(".png", StringComparison.Ordinal))} charts in PNG and SVG; " +
                $"{cpu.TotalSeconds:F2} s of CPU time (the process's, on {Environment.ProcessorCount} cores); {allocated / 1e6:F0} MB allocated");
            output.WriteLine($"  references: a plain scan of the {scanned:N0} stored rows the report reads {scan.TotalSeconds:F3} s; " +
                $"one trivial chart (2 points, PNG + SVG, 1200 × 600) {chart.TotalSeconds:F3} s (best of 5)");
            foreach (var line in stages.Describe())
                output.WriteLine("  " + line);
            TimeSpan Took(string prefix) => stages.Done.First(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Elapsed;
            output.WriteLine($"  price statistics = {Took("price statistics") / scan:F1} × the scan; trends = {Took("trends") / scan:F1} × the scan; " +
                $"charts = {Took("charts") / chart:F0} trivial charts' time on {Environment.ProcessorCount} cores");
        }
        var ratio = bestReport / bestScan;
        var sorted = warm.Order().ToList();
        var median = (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
        output.WriteLine($"best: report {bestReport.TotalSeconds:F2} s, scan {bestScan.TotalSeconds:F3} s: {ratio:F1} × " +
            $"(at most {MaxScans} × allowed, that is 3 s on this machine at rest); median of the warm rounds {median.TotalSeconds:F2} s");
        Assert.True(ratio <= MaxScans, $"the fastest of {Rounds} reports took {ratio:F1} × the fastest scan");
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
#if DEBUG
        const string build = "Debug";
#else
        const string build = "Release";
#endif
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, " +
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"{build} build; load average {load} (1, 5, 15 min)";
    }

    /// <summary>Every row of the tiers in the range the statistics read (97 days: 90 and the carry-in week), counted and summed.</summary>
    private static async Task<(long Rows, TimeSpan Elapsed)> ScanAsync(TestServices services, long end)
    {
        await using var connection = await services.OpenAsync();
        var clock = Stopwatch.StartNew();
        var (rows, _) = await connection.QuerySingleAsync<(long, double)>("""
            SELECT sum(n), sum(s) FROM (
                SELECT count(*) AS n, total(price_avg) AS s FROM price_daily WHERE bucket_start >= @look AND bucket_start < @hourlyFrom
                UNION ALL SELECT count(*), total(price_avg) FROM price_hourly WHERE bucket_start >= @hourlyFrom AND bucket_start < @rawFrom
                UNION ALL SELECT count(*), total(price) FROM price_change WHERE observed_at >= @rawFrom AND observed_at < @end)
            """, new { look = end - (97 * Day), hourlyFrom = end - (28 * Day), rawFrom = end - (14 * Day), end });
        return (rows, clock.Elapsed);
    }

    private static TimeSpan TrivialChart()
    {
        var folder = Directory.CreateTempSubdirectory("smsbuyz-chart-reference").FullName;
        var kit = new ChartKit(folder, "DejaVu Sans", 1200, 600);
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var plot = kit.Create("reference", "x", "y");
            plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 });
            kit.Save(plot, "reference", "reference");
            best = Min(best, clock.Elapsed);
        }
        Directory.Delete(folder, recursive: true);
        return best;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>2,000 series; each changes about every 30 min (a sixth of 5-minute sweeps), as the tiers hold it under the default retention.</summary>
    private static async Task<long> FillAsync(TestServices services, long end)
    {
        var random = new Random(7);
        var api = await services.ProviderAsync();
        await using var connection = await services.OpenSqliteAsync();
        await connection.ExecuteAsync("PRAGMA synchronous = OFF");
        await using var tx = connection.BeginTransaction();
        await connection.ExecuteAsync("INSERT INTO operator VALUES (1, 'any', 'any')", transaction: tx);
        for (var i = 1; i <= 100; i++)
            await connection.ExecuteAsync("INSERT INTO product VALUES (@i, 'product' || @i, 'product' || @i)", new { i }, tx);
        for (var i = 1; i <= 20; i++)
            await connection.ExecuteAsync("INSERT INTO country VALUES (@i, 'c' || @i)", new { i }, tx);
        await connection.ExecuteAsync("""
            INSERT INTO series (id, product_id, country_id, operator_id, provider_id) SELECT (p.id - 1) * 20 + c.id, p.id, c.id, 1, @api FROM product p, country c;
            INSERT INTO sweep (id, kind, plan, started_at) VALUES (1, 'prices', 'bench', @start);
            INSERT INTO retention_cutoff VALUES ('raw', @rawFrom, 0, @rawFrom), ('hourly', @hourlyFrom, 0, @hourlyFrom);
            """, new { api, start = end - (30 * Day), rawFrom = end - (14 * Day), hourlyFrom = end - (28 * Day) }, tx);
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
}
