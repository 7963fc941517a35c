using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL migrations against the SQLite ones as the app's <see cref="Migrator"/> applies them: the same
/// versions, and at the end the same tables with the same columns in the same order, types, NOT NULLs, defaults, keys,
/// indexes and references; and a row of every table goes in and reads back alike on both.
/// </summary>
public sealed class PostgreSqlSchemaTests
{
    /// <summary>Tables whose ids the app assigns (the market writer; the provider's ids; the one version row), so they
    /// are plain keys on PostgreSQL; every other single INTEGER PRIMARY KEY is an id SQLite assigns, an identity there.</summary>
    private static readonly HashSet<string> AppAssignedIds = ["series", "orders", "payments", "market_version"];

    [Fact]
    public void Scripts_SameVersionsAndNamesAsTheSqliteMigrations()
    {
        Assert.Equal(SqliteMigrator.Scripts().Select(s => (s.Version, s.Name)), PostgreSqlScripts.All().Select(s => (s.Version, s.Name)));
    }

    [PostgresFact]
    public async Task Apply_FreshDatabase_EveryTableOfTheSqliteSchemaWithTheSameColumnsKeysAndIndexes()
    {
        await using var sqlite = await new TestServices().MigrateAsync();
        await using var sqliteConnection = await sqlite.OpenSqliteAsync();
        await using var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var connection = await database.OpenAsync();

        await PostgreSqlScripts.ApplyAsync(database);

        var expected = await SchemaCatalog.ReadAsync(sqliteConnection);
        var actual = await SchemaCatalog.ReadAsync(connection);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, table) in expected)
        {
            var twin = actual[name];
            Assert.Equal(table.Columns.Select(c => c.Name), twin.Columns.Select(c => c.Name)); // the order too: copy and SELECT * rely on it
            Assert.Equal(table.Columns, twin.Columns);
            Assert.Equal((name, table.PrimaryKey), (name, twin.PrimaryKey));
            Assert.Equal(table.Indexes.OrderBy(i => i.Columns), twin.Indexes.OrderBy(i => i.Columns));
            Assert.Equal(table.ForeignKeys.OrderBy(k => k.Column), twin.ForeignKeys.OrderBy(k => k.Column));
        }
    }

    [PostgresFact]
    public async Task Apply_FreshDatabase_IdsSqliteAssignsAreIdentityColumns()
    {
        await using var sqlite = await new TestServices().MigrateAsync();
        await using var sqliteConnection = await sqlite.OpenSqliteAsync();
        await using var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var connection = await database.OpenAsync();
        await PostgreSqlScripts.ApplyAsync(database);

        var rowidTables = (await SchemaCatalog.ReadAsync(sqliteConnection)).Values
            .Where(t => t.PrimaryKey == "id" && t.Columns.Single(c => c.Name == "id").Type == "INTEGER" && !AppAssignedIds.Contains(t.Name))
            .Select(t => t.Name).Order();
        var identities = await connection.QueryAsync<string>("""
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' AND table_name <> 'schema_version'
            ORDER BY table_name
            """);

        Assert.Equal(rowidTables, identities);
    }

    [PostgresFact]
    public async Task Apply_FreshDatabase_ARowOfEveryTableGoesInAndReadsBackAsOnSqlite()
    {
        await using var sqlite = await new TestServices().MigrateAsync();
        await using var sqliteConnection = await sqlite.OpenSqliteAsync();
        await using var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var connection = await database.OpenAsync();
        await PostgreSqlScripts.ApplyAsync(database);
        var tables = await SchemaCatalog.ReadAsync(sqliteConnection);

        foreach (var table in ReferencedFirst(tables))
        {
            // market_version holds its one row from the start, on both.
            var insert = table.Name == "market_version" ? null : Insert(table);
            if (insert is not null)
            {
                await sqliteConnection.ExecuteAsync(insert.Value.Sql, insert.Value.Values);
                await connection.ExecuteAsync(insert.Value.Sql, insert.Value.Values);
            }
            var select = $"SELECT * FROM {table.Name}";

            Assert.Equal(Rows(await sqliteConnection.QueryAsync(select)), Rows(await connection.QueryAsync(select)));
            Assert.Single(await connection.QueryAsync(select));
        }
    }

    /// <summary>One row: every INTEGER column 1 (so every reference finds its row), every TEXT column its own name, and
    /// price_change in a month that has no partition yet (the default partition takes it).</summary>
    private static (string Sql, DynamicParameters Values)? Insert(TableShape table)
    {
        var values = new DynamicParameters();
        foreach (var column in table.Columns)
            values.Add(column.Name, column.Type == "INTEGER" ? (column.Name == "observed_at" ? 1_767_225_600_000L : 1L) : (object)("x-" + column.Name));
        return ($"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) "
            + $"VALUES ({string.Join(", ", table.Columns.Select(c => "@" + c.Name))})", values);
    }

    private static List<string> Rows(IEnumerable<dynamic> rows) =>
        [.. rows.Select(row => string.Join("; ", ((IDictionary<string, object?>)row)
            .Select(p => p.Key + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture))))];

    /// <summary>Tables in an order that inserts every referenced row before the rows that reference it.</summary>
    private static List<TableShape> ReferencedFirst(IReadOnlyDictionary<string, TableShape> tables)
    {
        var ordered = new List<TableShape>();
        var done = new HashSet<string>();
        while (ordered.Count < tables.Count)
        {
            var next = tables.Values.Where(t => !done.Contains(t.Name) && t.ForeignKeys.All(k => done.Contains(k.Table) || k.Table == t.Name))
                .OrderBy(t => t.Name).First();
            ordered.Add(next);
            done.Add(next.Name);
        }
        return ordered;
    }
}
