using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

public sealed class BenchSweepCommandTests
{
    [Fact]
    public async Task BenchSweep_TinyMarket_FewerRequestsThanTheReferenceAndEveryOfferStored()
    {
        using var cli = new CliHarness();
        var database = cli.PathOf("sweep.db");

        var result = await cli.RunBenchAsync("sweep", "--countries", "3", "--operators", "2", "--products", "10",
            "--latency-ms", "20", "--sweeps", "2", "--database", database);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stdout + result.Stderr);
        Assert.StartsWith("machine: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("reference: a plain sequential loop over the per-endpoint plan (12 requests", result.Stdout, StringComparison.Ordinal);
        // 3 "any" answers and one price list instead of 3 × 3 products requests and 5 per-product lists; every sweep
        // stores the 3 × 2 × 10 offers and the 3 × 10 aggregates.
        Assert.Matches(@"sweep 1 \(empty database\): [\d.]+ s, 4 requests, 90 points, 90 changes, 0 errors; reference [\d.]+ s, 12 requests, [\d.]+ MB; ratio [\d.]+", result.Stdout);
        Assert.Matches(@"sweep 2: [\d.]+ s, 4 requests, 90 points, \d+ changes, 0 errors", result.Stdout);
        // Each sweep's time split by stage, and the full list's parse beside the buffered reference of the same run.
        Assert.Equal(2, Regex.Count(result.Stdout, @"\n  stages: wait [\d.]+ s, parse [\d.]+ s, diff [\d.]+ s, write [\d.]+ s"));
        Assert.Matches(@"full price list: [\d.]+ MB, 60 offers; streamed parse: live heap \+\d+ kB \(highest sample\), [\d.]+ s; reference, held whole \+ JsonDocument: \+[\d.]+ MB at least, [\d.]+ s before any offer is read", result.Stdout);
        await using var connection = new SqliteConnection($"Data Source={database}");
        Assert.Equal(90, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM series"));
        Assert.False(File.Exists(database + ".settings.json"), "the bench's own settings file is deleted after the run");
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task BenchSweep_TooManyOperators_RefusedWithExitCode2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunBenchAsync("sweep", "--operators", "13", "--database", cli.PathOf("sweep.db"));

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("--operators 1-12", result.Stderr, StringComparison.Ordinal);
    }
}
