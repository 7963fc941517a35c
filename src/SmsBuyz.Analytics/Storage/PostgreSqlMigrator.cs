using Dapper;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Applies the embedded scripts of <c>Storage/Migrations/PostgreSql</c> that the database has not seen, each in its
/// own transaction with its <c>schema_version</c> row, under a session advisory lock: workers starting at once take
/// turns, and the later ones find every version applied. Then makes sure <c>price_change</c> has a partition for
/// this month and the next two (rows of any other time land in the default partition meanwhile).
/// The SQLite data steps of versions 3, 5 and 6 have no twin here: a PostgreSQL database only ever holds rows of this
/// version of the app, or rows copied from a SQLite database migrated to the latest version. Version 9's has (every row
/// given its provider and account): a PostgreSQL database in use before it holds rows of its own.
/// </summary>
public sealed partial class PostgreSqlMigrator(Database database, MigrationOwner owner, TimeProvider time, ILogger<PostgreSqlMigrator> logger)
    : Migrator
{
    /// <summary>How far ahead monthly partitions are made; the daily maintenance keeps the same range ahead.</summary>
    public const long PartitionsAheadMs = 62 * UnixMs.DayMs;

    private static readonly string Lock = $"{PgLocks.App}, {(int)WriteLock.Migrations}";

    public override async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        // A worker starting while another migrates waits for it, however long, rather than failing after
        // Storage:BusyTimeoutSeconds (the session's lock_timeout, which is right for the app's own writes).
        await connection.ExecuteAsync("SET lock_timeout = 0");
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_lock({Lock})", cancellationToken: ct));
        try
        {
            var created = await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('schema_version') IS NULL");
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """);
            var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_version")).ToHashSet();

            var count = 0;
            var pending = Scripts().Where(s => !applied.Contains(s.Version)).ToList();
            if (pending.Count > 0)
                await WriteContextAsync(connection, owner, time.GetUtcNow());
            foreach (var (version, name, sql) in pending)
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await RecordAppliedAsync(connection, tx, version, name, time.GetUtcNow());
                await tx.CommitAsync(ct);
                if (!created)
                    LogApplied(version, name);
                count++;
            }

            var now = UnixMs.From(time.GetUtcNow());
            await connection.ExecuteAsync(new CommandDefinition("SELECT price_change_ensure_partitions(@now, @until)",
                new { now, until = now + PartitionsAheadMs }, cancellationToken: ct));
            if (created)
                LogCreated(database.Describe, count);
            return count;
        }
        finally
        {
            // A connection that broke has lost the lock with its session; one that works goes back to the pool unlocked.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await DropContextAsync(connection);
                await connection.ExecuteAsync($"SELECT pg_advisory_unlock({Lock})");
            }
        }
    }

    /// <summary>The PostgreSQL scripts, <c>Storage/Migrations/PostgreSql/*.sql</c>, in version order.</summary>
    public static IReadOnlyList<(long Version, string Name, string Sql)> Scripts() => ScriptsIn("PostgreSql");

    [LoggerMessage(LogLevel.Information, "New database {Database} ({Count} migrations applied): prices, sweeps, orders and payments are kept there (Storage:ConnectionString)")]
    private partial void LogCreated(string database, int count);

    [LoggerMessage(LogLevel.Information, "Applied database migration {Version} ({Name})")]
    private partial void LogApplied(long version, string name);
}
