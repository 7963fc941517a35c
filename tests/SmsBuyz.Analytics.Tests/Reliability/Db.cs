using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>Read-only checks on a database file, each on a fresh unpooled connection (also across processes).</summary>
internal static class Db
{
    public static SqliteConnection Open(string path, bool readOnly = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        connection.Open();
        return connection;
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path);
        return string.Join("; ", connection.Query<string>("PRAGMA integrity_check"));
    }

    public static long Count(string path, string tableAndWhere)
    {
        using var connection = Open(path);
        return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {tableAndWhere}");
    }

    /// <summary>
    /// <see cref="Count"/> of a database a child process may still be creating: 0 while the file or the table is not
    /// there yet (a start on a busy machine can take longer than a test's first kill waits).
    /// </summary>
    public static long CountIfCreated(string path, string tableAndWhere)
    {
        if (!File.Exists(path))
            return 0;
        using var connection = Open(path);
        var table = tableAndWhere.Split(' ', 2)[0];
        return connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @table)", new { table })
            ? connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {tableAndWhere}")
            : 0;
    }

    public static List<(string Country, string Operator, string Product, decimal Price, long Qty)> Latest(string path)
    {
        using var connection = Open(path);
        return connection.Query<(string Country, string Operator, string Product, long Price, long Qty)>("""
                SELECT c.code, o.name, p.name, l.price, l.qty FROM price_latest l
                JOIN series s ON s.id = l.series_id JOIN country c ON c.id = s.country_id
                JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id
                """)
            .Select(r => (r.Country, r.Operator, r.Product, Money.FromUnits(r.Price), r.Qty)).OrderBy(x => x).ToList();
    }

    /// <summary>Rows no sweep may ever leave: a negative price or stock anywhere, or history without its sweep.</summary>
    public static long ImpossibleRows(string path) =>
        Count(path, "price_change WHERE price < 0 OR qty < 0")
        + Count(path, "price_latest WHERE price < 0 OR qty < 0")
        + Count(path, "orders WHERE price < 0")
        + Count(path, "price_change WHERE sweep_id NOT IN (SELECT id FROM sweep)");
}
