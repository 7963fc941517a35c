using System.CommandLine;
using Npgsql;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>Which databases a bench measures: <c>--provider Sqlite|PostgreSql|Both</c>.</summary>
public enum BenchProviders { Sqlite, PostgreSql, Both }

/// <summary>One database a bench runs on: the settings that point the app at it, and for PostgreSQL the server.</summary>
public sealed record BenchTarget(StorageProvider Provider, string? Server, Dictionary<string, string?> Settings)
{
    /// <summary>The embedded database (a file here), which issue 14's targets are for; PostgreSQL's figures are read beside it.</summary>
    public bool Embedded => Provider == StorageProvider.Sqlite;

    /// <summary>
    /// Where the bench database lives when it is a file: <paramref name="path"/>, deleted first when
    /// <paramref name="fresh"/>. A server's bench database is made and dropped by <see cref="BenchStorage"/>.
    /// </summary>
    public void UseFile(string path, bool fresh)
    {
        if (!Embedded)
            return;
        if (fresh)
            BenchFiles.DeleteDatabase(path);
        Settings["Storage:Database"] = path;
    }
}

/// <summary>
/// <c>--provider</c> and <c>--postgres</c> of <c>bench ingest</c> and <c>bench query</c>: the same measurement on SQLite, on
/// PostgreSQL or on both one after the other in one run (same machine, same load, same synthetic market), each in a host
/// of its own. On PostgreSQL the bench makes its own database on the server and drops it after.
/// </summary>
public sealed class BenchStorage
{
    public Option<BenchProviders> Provider { get; } = new("--provider")
    {
        Description = "Sqlite, PostgreSql, or Both (one after the other, then the ratio)", DefaultValueFactory = _ => BenchProviders.Sqlite,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL server (Npgsql connection string) where the bench makes its own database and drops it after",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Postgres);
    }

    /// <summary>Runs <paramref name="run"/> for each chosen provider; stops at the first that does not exit 0.</summary>
    public async Task<int> ForEachAsync(ParseResult parse, TextWriter stdout, TextWriter stderr, Func<BenchTarget, Task<int>> run,
        CancellationToken ct)
    {
        var choice = parse.GetValue(Provider);
        string? server = null;
        try
        {
            if (choice != BenchProviders.Sqlite)
                server = BenchPostgres.Server(parse.GetValue(Postgres));
            else if (parse.GetValue(Postgres) is not null)
                throw new ConfigurationException("--postgres is for --provider PostgreSql or Both");
        }
        catch (ConfigurationException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        StorageProvider[] providers = choice switch
        {
            BenchProviders.Sqlite => [StorageProvider.Sqlite],
            BenchProviders.PostgreSql => [StorageProvider.PostgreSql],
            _ => [StorageProvider.Sqlite, StorageProvider.PostgreSql],
        };
        foreach (var provider in providers)
        {
            if (choice == BenchProviders.Both)
                await stdout.WriteLineAsync($"--- {provider} ---");
            var code = provider == StorageProvider.Sqlite
                ? await run(new BenchTarget(provider, null, []))
                : await RunOnPostgreSqlAsync(server!, stderr, run, ct);
            if (code != ExitCodes.Ok)
                return code;
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> RunOnPostgreSqlAsync(string server, TextWriter stderr, Func<BenchTarget, Task<int>> run, CancellationToken ct)
    {
        BenchPostgres database;
        try
        {
            database = await BenchPostgres.CreateAsync(server, ct);
        }
        catch (NpgsqlException ex)
        {
            await stderr.WriteLineAsync($"error: PostgreSQL {PostgreSqlConnectionString.Describe(new NpgsqlConnectionStringBuilder(server))}: {ex.Message}");
            return ExitCodes.PartialFailure;
        }
        await using (database)
            return await run(new BenchTarget(StorageProvider.PostgreSql, server, new()
            {
                ["Storage:Provider"] = nameof(StorageProvider.PostgreSql),
                ["Storage:ConnectionString"] = database.ConnectionString,
                // The configuration file's SQLite settings do not apply to this run: cleared, so that they are not told as unused.
                ["Storage:Database"] = null,
                ["Storage:MaxSizeMegabytes"] = null,
            }));
    }
}
