using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

public sealed class BenchIngestCommandTests
{
    [Fact]
    public async Task BenchIngest_SmallMarket_StoresEveryMoveAndReportsTheFigures()
    {
        using var cli = new CliHarness();
        var database = cli.PathOf("ingest.db");

        var result = await cli.RunAsync("bench", "ingest", "--series", "2000", "--sweeps", "3", "--change-rate", "0.05",
            "--per-answer", "500", "--database", database, "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("6,000 points", result.Stdout, StringComparison.Ordinal); // 3 sweeps × 2,000 series
        Assert.Contains("changed rows/s", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"reference, a plain prepared INSERT of every point: 6,000 rows in [\d.]+ s = [\d,]+ rows/s", result.Stdout);
        Assert.Matches(@"ratio: [\d.]+x the reference", result.Stdout);
        Assert.Contains("bytes on disk per stored change", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("peak working set", result.Stdout, StringComparison.Ordinal);

        // Every price move of the measured market (countries x0, x1, ...: 100 a sweep, warm-up sweeps included; a series
        // may be drawn twice) is one stored row after the initial 2,000.
        await using var connection = new SqliteConnection($"Data Source={database}");
        var rows = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM price_change pc JOIN series s ON s.id = pc.series_id JOIN country c ON c.id = s.country_id
            WHERE c.code LIKE 'x%'
            """);
        var moves = (3 + IngestBench.WarmUpSweeps) * 100;
        Assert.InRange(rows - 2000, moves - 50, moves);
        Assert.False(File.Exists(database + ".reference"), "the reference's database is deleted after the run");
        SqliteConnection.ClearAllPools();
    }
}
