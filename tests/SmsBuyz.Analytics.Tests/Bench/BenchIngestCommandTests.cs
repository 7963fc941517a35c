using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
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

        var result = await cli.RunBenchAsync("ingest", "--series", "2000", "--sweeps", "3", "--change-rate", "0.05",
            "--per-answer", "500", "--database", database, "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("6,000 points", result.Stdout, StringComparison.Ordinal); // 3 sweeps × 2,000 series
        Assert.Contains("changed rows/s", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"reference, a plain prepared INSERT of every point: 6,000 rows in [\d.]+ s = [\d,]+ rows/s", result.Stdout);
        Assert.Matches(@"reference, the same INSERT through SQLite's C API \(bind, step, reset per row: what executemany does\): 6,000 rows in [\d.]+ s = [\d,]+ rows/s", result.Stdout);
        Assert.Matches(@"ratio: [\d.]+x the reference\r?\n", result.Stdout); // the prepared INSERT's
        Assert.Matches(@"ratio: [\d.]+x the reference \(target >= 2x\)", result.Stdout); // the C API's, the strong one
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
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + ".reference*")); // the references' databases are deleted
        SqliteConnection.ClearAllPools();
    }

    [PostgresFact]
    public async Task BenchIngest_BothProviders_MeasuresEachThenTheRatioAndDropsItsPostgreSqlDatabases()
    {
        using var cli = new CliHarness();
        var server = await PostgresServer.GetAsync();

        var result = await cli.RunBenchAsync("ingest", "--series", "2000", "--sweeps", "3", "--per-answer", "500",
            "--database", cli.PathOf("ingest.db"), "--provider", "Both", "--postgres", server.AdminConnectionString, "--config", cli.ConfigPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stdout + result.Stderr);
        var sqlite = result.Stdout.IndexOf("--- Sqlite ---", StringComparison.Ordinal);
        var postgres = result.Stdout.IndexOf("--- PostgreSql ---", StringComparison.Ordinal);
        Assert.InRange(sqlite, 0, postgres - 1);
        Assert.Matches(@"reference, a plain prepared INSERT of every point: 6,000 rows", result.Stdout[..postgres]);
        Assert.Matches(@"reference, a plain binary COPY of every point: 6,000 rows in [\d.]+ s = [\d,]+ rows/s", result.Stdout[postgres..]);
        Assert.Equal(2, Regex.Count(result.Stdout, "6,000 points in"));
        Assert.Matches(@"PostgreSQL / SQLite in this run: sweeps [\d.]+ \(target >= 0.50\), first load [\d.]+", result.Stdout);
        // The bench's database (named in its output) and its reference's are gone from the server.
        var name = Regex.Match(result.Stdout, @"database: PostgreSql, [^/]+/(smsbuyz_bench_\w+) as").Groups[1].Value;
        Assert.NotEmpty(name);
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        Assert.Equal(0, await admin.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @name", new { name }));
    }

    [Fact]
    public async Task BenchIngest_PostgreSqlWithoutAServer_RefusedWithExitCode2()
    {
        using var cli = new CliHarness();

        var result = await cli.RunBenchAsync("ingest", "--provider", "PostgreSql", "--database", cli.PathOf("ingest.db"));

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("--postgres is required with --provider PostgreSql or Both", result.Stderr, StringComparison.Ordinal);
    }
}
