using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

using SmsBuyz.Analytics.Storage.Migrations;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Applies the numbered embedded scripts in <c>Storage/Migrations</c> (<c>0001_name.sql</c>, ...) that the
/// database has not seen, each in its own transaction, and switches the file to WAL once. A version whose data
/// needs code (see <see cref="CodeSteps"/>) runs that code after its script, in the same transaction. Foreign keys are
/// off while scripts run, as SQLite's way of changing a table's keys needs (a new table, the rows copied, the old one
/// dropped, the new one renamed), and checked before each commit: a script that leaves a reference without its row is
/// rolled back whole.
/// </summary>
public sealed partial class SqliteMigrator(Database database, MigrationOwner owner, TimeProvider time, ILogger<SqliteMigrator> logger) : Migrator
{
    private readonly SqliteDatabase _database = database.SqliteOnly("the SQLite migrator");

    public override async Task<int> MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!);
        var created = !File.Exists(_database.DatabasePath);
        await using var connection = await _database.OpenSqliteAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL)
            """);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_version")).ToHashSet();
        var pending = Scripts().Where(s => !applied.Contains(s.Version)).ToList();
        if (pending.Count == 0)
            return 0;

        var count = 0;
        await WriteContextAsync(connection, owner, time.GetUtcNow());
        // Outside any transaction: inside one, SQLite ignores the pragma.
        await connection.ExecuteAsync("PRAGMA foreign_keys = OFF");
        try
        {
            foreach (var (version, name, sql) in pending)
            {
                // IMMEDIATE, then look again: a process that starts at the same moment may have applied it meanwhile.
                await using var tx = connection.BeginTransaction(deferred: false);
                if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_version WHERE version = @version", new { version }, tx) > 0)
                    continue;
                await connection.ExecuteAsync(sql, transaction: tx);
                if (CodeSteps.TryGetValue(version, out var step))
                    await step(connection, tx);
                await CheckReferencesAsync(connection, tx, name);
                await RecordAppliedAsync(connection, tx, version, name, time.GetUtcNow());
                await tx.CommitAsync(ct);
                if (!created)
                    LogApplied(version, name);
                count++;
            }
        }
        finally
        {
            await connection.ExecuteAsync("PRAGMA foreign_keys = ON");
            await DropContextAsync(connection);
        }
        // A first run (a fresh clone, or the .NET tool in a new folder) says where everything will be kept.
        if (created)
            LogCreated(_database.DatabasePath, count);
        return count;
    }

    private static async Task CheckReferencesAsync(SqliteConnection connection, SqliteTransaction tx, string name)
    {
        var broken = (await connection.QueryAsync<(string Table, long? Row, string Parent)>(
            "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check", transaction: tx)).ToList();
        if (broken.Count > 0)
            throw new InvalidOperationException($"migration {name} left {broken.Count} references without their row, e.g. {broken[0].Table} "
                + $"row {broken[0].Row} to {broken[0].Parent}; nothing of it was applied");
    }

    /// <summary>Data changes SQL alone cannot express, by the version whose script they follow.</summary>
    private static readonly Dictionary<long, Func<SqliteConnection, SqliteTransaction, Task>> CodeSteps = new()
    {
        [5] = OfferIdentityMerge.ApplyAsync,
    };

    /// <summary>The SQLite scripts, <c>Storage/Migrations/*.sql</c>, in version order.</summary>
    public static IReadOnlyList<(long Version, string Name, string Sql)> Scripts() => ScriptsIn("");

    [LoggerMessage(LogLevel.Information, "New database {Path} ({Count} migrations applied): prices, sweeps, orders and payments are kept there (Storage:Database)")]
    private partial void LogCreated(string path, int count);

    [LoggerMessage(LogLevel.Information, "Applied database migration {Version} ({Name})")]
    private partial void LogApplied(long version, string name);
}
