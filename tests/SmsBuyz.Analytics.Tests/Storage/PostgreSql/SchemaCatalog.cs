using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>A column as both providers are compared: name, type (INTEGER/TEXT in SQLite's words), NOT NULL, default.</summary>
internal sealed record ColumnShape(string Name, string Type, bool NotNull, string? Default);

/// <summary>An index or key: its columns in order, whether unique, and its name where a script named it.</summary>
internal sealed record IndexShape(string? Name, bool Unique, string Columns);

internal sealed record ForeignKeyShape(string Column, string Table, string To);

internal sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns, string PrimaryKey, IReadOnlySet<IndexShape> Indexes,
    IReadOnlySet<ForeignKeyShape> ForeignKeys);

/// <summary>
/// Reads the tables of a database into one shape for both providers, so the test can compare them whole. Names that
/// only PostgreSQL has are left out: the month partitions of <c>price_change</c> and the auto-named unique constraints
/// (compared by their columns instead).
/// </summary>
internal static class SchemaCatalog
{
    /// <summary>The migrators' own bookkeeping, created by code rather than by a script.</summary>
    public const string Bookkeeping = "schema_version";

    public static async Task<IReadOnlyDictionary<string, TableShape>> ReadAsync(SqliteConnection connection)
    {
        var tables = await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> @Bookkeeping", new { Bookkeeping });
        var shapes = new Dictionary<string, TableShape>();
        foreach (var table in tables)
        {
            var columns = (await connection.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>(
                $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')")).ToList();
            var indexes = new HashSet<IndexShape>();
            foreach (var (name, unique, origin) in await connection.QueryAsync<(string Name, long Unique, string Origin)>(
                         $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}') WHERE origin <> 'pk'"))
            {
                var indexColumns = await connection.QueryAsync<string>($"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                indexes.Add(new IndexShape(origin == "c" ? name : null, unique != 0, string.Join(", ", indexColumns)));
            }
            var keys = await connection.QueryAsync<(string From, string Table, string To)>(
                $"SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('{table}')");
            shapes[table] = new TableShape(table,
                // A primary key column is NOT NULL in effect (rowid alias, or WITHOUT ROWID) even where SQLite does not say so.
                [.. columns.Select(c => new ColumnShape(c.Name, c.Type, c.NotNull != 0 || c.Pk > 0, c.Default))],
                string.Join(", ", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name)),
                indexes, keys.Select(k => new ForeignKeyShape(k.From, k.Table, k.To)).ToHashSet());
        }
        return shapes;
    }

    public static async Task<IReadOnlyDictionary<string, TableShape>> ReadAsync(NpgsqlConnection connection)
    {
        var tables = await connection.QueryAsync<string>("""
            SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND c.relname <> @Bookkeeping
            """, new { Bookkeeping });
        var shapes = new Dictionary<string, TableShape>();
        foreach (var table in tables)
        {
            var columns = await connection.QueryAsync<(string Name, string Type, string Nullable, string? Default)>("""
                SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position
                """, new { table });
            var indexes = (await connection.QueryAsync<(string Name, bool Unique, bool Primary, string Columns)>("""
                SELECT i.relname, ix.indisunique, ix.indisprimary, string_agg(a.attname, ', ' ORDER BY k.ord)
                FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
                CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = @table
                GROUP BY i.relname, ix.indisunique, ix.indisprimary
                """, new { table })).ToList();
            var constraints = (await connection.QueryAsync<string>("""
                SELECT conname FROM pg_constraint WHERE conrelid = @table::regclass AND contype IN ('u', 'p')
                """, new { table })).ToHashSet();
            var keys = await connection.QueryAsync<(string From, string Table, string To)>("""
                SELECT a.attname, rt.relname, ra.attname
                FROM pg_constraint c JOIN pg_class rt ON rt.oid = c.confrelid
                CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(from_num, to_num)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.from_num
                JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.to_num
                WHERE c.contype = 'f' AND c.conrelid = @table::regclass
                """, new { table });
            shapes[table] = new TableShape(table,
                [.. columns.Select(c => new ColumnShape(c.Name, SqliteType(c.Type), c.Nullable == "NO", SqliteDefault(c.Default)))],
                indexes.SingleOrDefault(i => i.Primary).Columns ?? "",
                indexes.Where(i => !i.Primary)
                    // A UNIQUE written in CREATE TABLE is a constraint with a made-up name, as SQLite's autoindexes are.
                    .Select(i => new IndexShape(constraints.Contains(i.Name) ? null : i.Name, i.Unique, i.Columns)).ToHashSet(),
                keys.Select(k => new ForeignKeyShape(k.From, k.Table, k.To)).ToHashSet());
        }
        return shapes;
    }

    /// <summary>The SQLite type a PostgreSQL column stands for: BIGINT for INTEGER (SQLite's is 64-bit), TEXT for TEXT.</summary>
    private static string SqliteType(string type) => type switch
    {
        "bigint" => "INTEGER",
        "text" => "TEXT",
        _ => "(" + type + ")",
    };

    /// <summary>A default as SQLite writes it: PostgreSQL adds the type to literals (<c>''::text</c>).</summary>
    private static string? SqliteDefault(string? value) => value?.Replace("::text", "", StringComparison.Ordinal)
        .Replace("::bigint", "", StringComparison.Ordinal);
}
