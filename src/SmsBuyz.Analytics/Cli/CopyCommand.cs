using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.CopyToPostgreSql;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>copy-to-postgresql</c>: everything a SQLite database holds (price history, sweeps, orders, auto-buy state) into an
/// empty PostgreSQL database, verified before it commits (<see cref="PostgreSqlCopy"/>). Named for its direction: it
/// never copies back, and never into a database that holds rows.
/// </summary>
public static class CopyCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var database = new Option<string?>("--database") { Description = "The SQLite database to copy (default: Storage:Database)" };
        var to = new Option<string?>("--to")
        {
            Description = "The empty PostgreSQL database, in Npgsql syntax (default: Storage:ConnectionString). A password here is visible "
                + "to other users of the machine: prefer the setting from an environment variable, or PGPASSWORD",
        };
        var batch = new Option<int>("--batch") { Description = "Rows per COPY and per progress line", DefaultValueFactory = _ => 100_000 };
        var command = new Command("copy-to-postgresql",
            "Copy a SQLite database into an empty PostgreSQL database: every table, verified by row counts, money sums and a checksum before it commits.")
        {
            database, to, batch,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => RunAsync(services, parse.GetValue(database), parse.GetValue(to), parse.GetValue(batch), stdout, stderr, token),
            ct, migrate: false));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string? database, string? to, int batch, TextWriter stdout,
        TextWriter stderr, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        // Both keys whatever Storage:Provider says: before the switch the source is the database in use, after it the
        // target is; the key of the other provider is accepted (and, since this command migrates its own two, not called unused).
        var path = Path.GetFullPath(database ?? options.Database);
        var target = to ?? options.ConnectionString;
        var problem = batch < 1 ? "--batch must be at least 1"
            : !File.Exists(path) ? $"there is no SQLite database at {path} ({(database is null ? "Storage:Database" : "--database")})"
            : PostgreSqlConnectionString.Problem(to is null ? "Storage:ConnectionString" : "--to", target, "to name the PostgreSQL database to copy into (or give --to)");
        if (problem is not null)
        {
            await stderr.WriteLineAsync($"error: {problem}");
            return ExitCodes.BadConfiguration;
        }

        var sqlite = new SqliteDatabase(Options.Create(new StorageOptions { Database = path, BusyTimeoutSeconds = options.BusyTimeoutSeconds }));
        await using var postgres = new PostgreSqlDatabase(Options.Create(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql, ConnectionString = target!, BusyTimeoutSeconds = options.BusyTimeoutSeconds,
        }));
        var (time, loggers) = (services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>());
        var owner = services.GetRequiredService<MigrationOwner>();
        await stderr.WriteLineAsync($"copy: {sqlite.Describe} to {postgres.Describe}");
        try
        {
            // Both at the latest version, so that their tables match column for column.
            await new SqliteMigrator(sqlite, owner, time, loggers.CreateLogger<SqliteMigrator>()).MigrateAsync(ct);
            await new PostgreSqlMigrator(postgres, owner, time, loggers.CreateLogger<PostgreSqlMigrator>()).MigrateAsync(ct);
            var result = await new PostgreSqlCopy(sqlite, postgres, stderr, time).RunAsync(batch, ct);
            await PrintAsync(stdout, result, sqlite, postgres);
            return ExitCodes.Ok;
        }
        catch (CopyRefusedException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }
        catch (CopyMismatchException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}; nothing was copied (the target's one transaction was rolled back)");
            return ExitCodes.PartialFailure;
        }
        catch (DbException ex)
        {
            var side = ex is SqliteException ? $"source {sqlite.Describe}" : $"target {postgres.Describe}";
            await stderr.WriteLineAsync($"error: {side}: {ex.Message}; nothing was copied (the target's one transaction was rolled back)");
            return ExitCodes.PartialFailure;
        }
    }

    private static async Task PrintAsync(TextWriter stdout, CopyResult result, Database from, Database to)
    {
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"copied {from.Describe} to {to.Describe} in {result.Elapsed.TotalSeconds:F1} s"));
        var width = result.Counts.Max(c => c.Table.Length);
        foreach (var (table, rows) in result.Counts)
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {table.PadRight(width)} {rows,13:N0}"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"verified before commit: the row count of every table, the sum of every money column, and the latest state of {result.Series:N0} series"));
        await stdout.WriteLineAsync($"latest state SHA-256: {result.Checksum} (the same on both sides)");
        await stdout.WriteLineAsync("next: Storage:Provider = PostgreSql with this Storage:ConnectionString (and Hangfire:Storage = PostgreSql), then start the workers");
    }
}
