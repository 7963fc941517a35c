using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

public sealed class BenchQueryCommandTests
{
    [Fact]
    public async Task BenchQuery_SmallMarket_PrintsTimingsAndProjectionThenReusesTheDatabase()
    {
        using var cli = new CliHarness();
        var database = cli.PathOf("bench.db");

        var built = await cli.RunBenchAsync("query", "--series", "300", "--days", "40", "--database", database, "--config", cli.ConfigPath);
        var reused = await cli.RunBenchAsync("query", "--database", database, "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.Ok, built.ExitCode);
        Assert.Contains("30-day series read: median", built.Stdout, StringComparison.Ordinal);
        Assert.Contains("latest state of a whole country: median", built.Stdout, StringComparison.Ordinal);
        Assert.Contains("(300 series each)", built.Stdout, StringComparison.Ordinal);
        Assert.Contains("total", built.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, reused.ExitCode);
        Assert.Contains("reusing the bench database", reused.Stdout, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task BenchQuery_PostgreSql_BuildsItsOwnDatabasePrintsTimingsAndDropsIt()
    {
        using var cli = new CliHarness();
        var server = await PostgresServer.GetAsync();

        var result = await cli.RunBenchAsync("query", "--series", "300", "--days", "40", "--provider", "PostgreSql",
            "--postgres", server.AdminConnectionString, "--config", cli.ConfigPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stdout + result.Stderr);
        Assert.Contains("building a synthetic database: 300 series, 40 days", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"30-day series read: median [\d.]+ ms over 21 random series \(\d+ points each\)", result.Stdout);
        Assert.Contains("(300 series each)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"bytes per row: raw [\d.]+, hourly [\d.]+, daily [\d.]+", result.Stdout);
        var name = Regex.Match(result.Stdout, @"database: PostgreSql, [^/]+/(smsbuyz_bench_\w+) as").Groups[1].Value;
        Assert.NotEmpty(name);
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        Assert.Equal(0, await admin.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @name", new { name }));
    }

    [Fact]
    public void Compute_YearScenario_RowCountsFollowTheChangeShares()
    {
        var p = SizeProjection.Compute(SizeScenario.Year, new RetentionOptions { RawDays = 14, HourlyDays = 28 }, new TierBytes(1, 1, 1, 0));

        // 10.9 % of 100,000 series per sweep, 288 sweeps a day, 15 days of raw at the worst moment.
        Assert.Equal((15 * 288 * 0.109 * 100_000) + 100_000, p.RawRows, 1e-3);
        Assert.Equal(15 * 24 * 100_000 * (1 - Math.Pow(0.891, 12)), p.HourlyRows, 1e-3);
        Assert.Equal(351 * 100_000 * (1 - Math.Pow(0.891, 288)), p.DailyRows, 1e-3);
    }
}
