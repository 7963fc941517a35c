using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.CopyToPostgreSql;

/// <summary>
/// Copies a SQLite database into an empty PostgreSQL one, both migrated to the latest version (docs/postgresql-design.md,
/// section 8). The source is read in one snapshot (a worker may keep writing to it meanwhile); the target is written
/// in one transaction, so any failure, a failed check included, leaves it as empty as it was, and the copy can simply
/// run again. Each table goes over in primary-key order through binary COPY, a COPY per batch with a progress line.
/// Before the commit, both sides are read back the same way: row counts of every table, sums of every money column,
/// and a SHA-256 of the latest market state as the market's read model reads it. Not a part of Storage: the check reads
/// through the Market slice, which itself stands on Storage.
/// </summary>
public sealed partial class PostgreSqlCopy(SqliteDatabase source, PostgreSqlDatabase target, TextWriter progress, TimeProvider time)
{
    /// <summary>Every table of the schema in reference order (a row's references are copied before it).</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "country", "operator", "product", "provider", "account", "series", "sweep", "sweep_error", "price_change", "price_latest",
        "price_hourly", "price_daily", "rollup_progress", "retention_cutoff", "profile_history", "orders", "order_sms",
        "order_conflict", "payments", "buy_intent", "rule_pause", "order_notice", "rule_alert",
    ];

    /// <summary>
    /// Tables each side keeps for itself: its migrations' versions, and the one row of the market's version counter,
    /// which the copy sets to the source's (an UPDATE, not a copied row).
    /// </summary>
    private static readonly string[] OwnTables = ["schema_version", "market_version"];

    public async Task<CopyResult> RunAsync(int batch, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var from = await source.OpenSqliteAsync(ct);
        // A deferred transaction: one snapshot from the first read to the end, however the file changes meanwhile.
        await using var snapshot = from.BeginTransaction(deferred: true);
        await using var to = (NpgsqlConnection)await target.OpenAsync(ct);
        await CheckSameTablesAsync(from, snapshot, to, ct);
        await using var tx = await to.BeginTransactionAsync(ct);
        if (await FirstTableWithRowsAsync(to, tx, ct) is { } table)
            throw new CopyRefusedException($"{target.Describe} is not empty: {table} has rows. The copy only writes into an empty database "
                + "(it never merges); point --to at a new database, or drop and re-create this one");

        var range = await from.QuerySingleAsync<(long? Min, long? Max)>("SELECT min(observed_at), max(observed_at) FROM price_change", transaction: snapshot);
        if (range is { Min: { } min, Max: { } max })
            await to.ExecuteAsync(new CommandDefinition("SELECT price_change_ensure_partitions(@min, @max)", new { min, max }, tx, commandTimeout: 0,
                cancellationToken: ct));

        var counts = new List<(string Table, long Rows)>();
        foreach (var name in Tables)
            counts.Add((name, await CopyTableAsync(from, snapshot, to, name, batch, ct)));
        var version = await from.ExecuteScalarAsync<long>("SELECT version FROM market_version", transaction: snapshot);
        await to.ExecuteAsync(new CommandDefinition("UPDATE market_version SET version = @version", new { version }, tx, cancellationToken: ct));
        await SetIdentitiesAsync(to, tx, ct);

        var (checksum, series) = await VerifyAsync(from, snapshot, to, tx, ct);
        await tx.CommitAsync(ct);
        // Fresh statistics for the planner: autovacuum would take its time to notice millions of new rows. (Not through
        // Dapper, which takes a statement of one word for the name of a stored procedure.)
        await using var analyze = new NpgsqlCommand("ANALYZE", to) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync(ct);
        return new CopyResult(counts, checksum, series, clock.Elapsed);
    }

    /// <summary>Both sides hold exactly the tables this copy knows, so a table added by a later migration cannot be left behind.</summary>
    private static async Task CheckSameTablesAsync(SqliteConnection from, SqliteTransaction snapshot, NpgsqlConnection to, CancellationToken ct)
    {
        var sourceTables = await from.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", transaction: snapshot);
        // Partitioned tables count once (price_change), not their month partitions.
        var targetTables = await to.QueryAsync<string>(new CommandDefinition("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """, cancellationToken: ct));
        var unknown = sourceTables.Select(t => $"{t} (source)").Concat(targetTables.Select(t => $"{t} (target)"))
            .Where(t => !Tables.Concat(OwnTables).Contains(t.Split(' ')[0])).ToList();
        if (unknown.Count > 0)
            throw new CopyMismatchException($"tables this version of the copy does not know: {string.Join(", ", unknown)}");
    }

    private static async Task<string?> FirstTableWithRowsAsync(NpgsqlConnection to, NpgsqlTransaction tx, CancellationToken ct)
    {
        foreach (var table in Tables)
            if (await to.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: tx, cancellationToken: ct)))
                return table;
        return null;
    }

    /// <summary>Identity columns continue after the copied ids (COPY writes ids without moving their sequences).</summary>
    private static async Task SetIdentitiesAsync(NpgsqlConnection to, NpgsqlTransaction tx, CancellationToken ct)
    {
        var identities = await to.QueryAsync<(string Table, string Column)>(new CommandDefinition("""
            SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'
            """, transaction: tx, cancellationToken: ct));
        foreach (var (table, column) in identities)
            await to.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), coalesce(max(\"{column}\"), 0) + 1, false) FROM \"{table}\"",
                new { table, column }, tx, commandTimeout: 0, cancellationToken: ct));
    }

    /// <summary>One table: the source's rows in primary-key order, a binary COPY per <paramref name="batch"/> rows.</summary>
    private async Task<long> CopyTableAsync(SqliteConnection from, SqliteTransaction snapshot, NpgsqlConnection to, string table, int batch,
        CancellationToken ct)
    {
        var columns = await ColumnsAsync(from, snapshot, to, table, ct);
        var total = await from.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}", transaction: snapshot);
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var key = columns.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => $"\"{c.Name}\"").ToList();
        await using var read = from.CreateCommand();
        read.Transaction = snapshot;
        read.CommandText = $"SELECT {list} FROM {table}" + (key.Count > 0 ? $" ORDER BY {string.Join(", ", key)}" : "");
        await using var reader = await read.ExecuteReaderAsync(ct);

        var (copied, started) = (0L, time.GetTimestamp());
        var more = await reader.ReadAsync(ct);
        while (more)
        {
            await using (var import = await to.BeginBinaryImportAsync($"COPY {table} ({list}) FROM STDIN (FORMAT BINARY)", ct))
            {
                // Zero: no time limit (a batch's rows may keep a distant server busy longer than the default 30 s).
                import.Timeout = TimeSpan.Zero;
                for (var n = 0; n < batch && more; n++, copied++, more = await reader.ReadAsync(ct))
                {
                    await import.StartRowAsync(ct);
                    for (var i = 0; i < columns.Count; i++)
                        await WriteAsync(import, reader, i, table, columns[i], ct);
                }
                await import.CompleteAsync(ct);
            }
            await ProgressAsync(table, copied, total, started);
        }
        if (copied == 0)
            await progress.WriteLineAsync($"{table}: 0 rows");
        return copied;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter import, SqliteDataReader reader, int i, string table, Column column, CancellationToken ct)
    {
        if (reader.IsDBNull(i))
        {
            await import.WriteNullAsync(ct);
            return;
        }
        if (column.Type == NpgsqlDbType.Text)
        {
            await import.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, ct);
            return;
        }
        // SQLite stores what it is given in any column; a REAL or TEXT here would be read as a truncated or zero integer.
        if (reader.GetFieldType(i) != typeof(long))
            throw new CopyMismatchException(
                $"{table}.{column.Name} holds {Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}, which is not an integer");
        await import.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, ct);
    }

    private Task ProgressAsync(string table, long copied, long total, long started)
    {
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        return progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{table}: {copied:N0} / {total:N0} rows ({(total == 0 ? 100 : copied * 100 / total)} %), {(seconds > 0 ? copied / seconds : 0):N0} rows/s"));
    }

    /// <summary>A column of both sides: its name, its place in the source's primary key (0 when not in it), its PostgreSQL type.</summary>
    private sealed record Column(string Name, long Key, NpgsqlDbType Type);

    /// <summary>The source's columns, checked against the target's: the same names in the same order, of types the copy writes.</summary>
    private static async Task<List<Column>> ColumnsAsync(SqliteConnection from, SqliteTransaction snapshot, NpgsqlConnection to, string table,
        CancellationToken ct)
    {
        var sourceColumns = (await from.QueryAsync<(string Name, long Pk)>($"SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid",
            transaction: snapshot)).ToList();
        var targetColumns = (await to.QueryAsync<(string Name, string Type)>(new CommandDefinition("""
            SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table
            ORDER BY ordinal_position
            """, new { table }, cancellationToken: ct))).ToList();
        if (!sourceColumns.Select(c => c.Name).SequenceEqual(targetColumns.Select(c => c.Name)))
            throw new CopyMismatchException($"{table} has the columns ({string.Join(", ", sourceColumns.Select(c => c.Name))}) in the source "
                + $"but ({string.Join(", ", targetColumns.Select(c => c.Name))}) in the target");
        return [.. sourceColumns.Zip(targetColumns, (s, t) => new Column(s.Name, s.Pk, t.Type switch
        {
            "bigint" => NpgsqlDbType.Bigint,
            "text" => NpgsqlDbType.Text,
            _ => throw new CopyMismatchException($"{table}.{t.Name} is {t.Type} in the target, a type the copy does not write"),
        }))];
    }
}

/// <summary>
/// What was copied: rows per table in copy order, the SHA-256 of the latest state (equal on both sides) and its number of
/// series, and how long it took.
/// </summary>
public sealed record CopyResult(IReadOnlyList<(string Table, long Rows)> Counts, string Checksum, long Series, TimeSpan Elapsed);

/// <summary>The copy did not start, and wrote nothing: the target is not empty, or a setting is missing (exit 2).</summary>
public sealed class CopyRefusedException(string message) : Exception(message);

/// <summary>The two sides differ (in shape, or after the copy, in what they hold): rolled back, nothing written (exit 1).</summary>
public sealed class CopyMismatchException(string message) : Exception(message);
