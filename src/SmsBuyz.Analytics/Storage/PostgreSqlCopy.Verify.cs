using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmsBuyz.Analytics.Storage;

public sealed partial class PostgreSqlCopy
{
    /// <summary>What is summed besides the row count: the money columns (1e-4 units), and the market's version counter.</summary>
    private static readonly Dictionary<string, string[]> Summed = new()
    {
        ["price_change"] = ["price"],
        ["price_latest"] = ["price"],
        ["price_hourly"] = ["price_min", "price_max", "price_avg", "price_last"],
        ["price_daily"] = ["price_min", "price_max", "price_avg", "price_last"],
        ["profile_history"] = ["balance"],
        ["orders"] = ["price"],
        ["payments"] = ["amount", "balance"],
        ["buy_intent"] = ["max_price", "reserved"],
        ["rule_alert"] = ["price"],
        ["market_version"] = ["version"],
    };

    /// <summary>The latest market state, one line per series in id order: the same statement and the same lines on both sides.</summary>
    private const string LatestState = """
        SELECT s.id, c.code, o.key, p.key, s.sources, l.price, l.qty, l.changed_at, l.sweep_id, l.recorded_qty
        FROM price_latest l JOIN series s ON s.id = l.series_id JOIN country c ON c.id = s.country_id
        JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id
        ORDER BY s.id
        """;

    /// <summary>
    /// Reads both sides back with the same statements (portable SQL; the hashing is in C#, so no dialect is involved)
    /// and throws naming the first difference. The target's figures come from inside the copy's transaction, which
    /// sees its own rows.
    /// </summary>
    /// <returns>The latest state's SHA-256, in hex, and how many series it holds.</returns>
    private static async Task<(string Checksum, long Series)> VerifyAsync(DbConnection from, DbTransaction snapshot, DbConnection to, DbTransaction tx, CancellationToken ct)
    {
        foreach (var table in Tables.Append("market_version"))
        {
            var columns = Summed.GetValueOrDefault(table, []);
            var sql = $"SELECT count(*){string.Concat(columns.Select(c => $", sum({c})"))} FROM {table}";
            var (expected, actual) = (await FiguresAsync(from, snapshot, sql, ct), await FiguresAsync(to, tx, sql, ct));
            if (!expected.SequenceEqual(actual))
                throw new CopyMismatchException($"{table} differs after the copy: {Figures(columns, expected)} in the source, "
                    + $"{Figures(columns, actual)} in the target");
        }
        var (sourceHash, sourceRows) = await ChecksumAsync(from, snapshot, ct);
        var (targetHash, targetRows) = await ChecksumAsync(to, tx, ct);
        if (sourceHash != targetHash)
            throw new CopyMismatchException($"the latest market state differs after the copy: SHA-256 {sourceHash} of {sourceRows} series "
                + $"in the source, {targetHash} of {targetRows} in the target");
        return (sourceHash, sourceRows);
    }

    private static string Figures(string[] columns, decimal[] values) =>
        string.Join(", ", columns.Prepend("rows").Zip(values, (c, v) => string.Create(CultureInfo.InvariantCulture, $"{(c == "rows" ? "" : "sum of ")}{c} {v}")));

    /// <summary>One row of counts and sums as exact numbers: SQLite sums integers as INTEGER, PostgreSQL as numeric; empty sums as 0.</summary>
    private static async Task<decimal[]> FiguresAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return [.. Enumerable.Range(0, reader.FieldCount)
            .Select(i => reader.IsDBNull(i) ? 0m : Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    private static async Task<(string Hash, long Rows)> ChecksumAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var command = Command(connection, tx, LatestState);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var (rows, fields) = (0L, new string[reader.FieldCount]);
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < fields.Length; i++)
                fields[i] = Field(reader.GetValue(i));
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('|', fields) + "\n"));
            rows++;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), rows);
    }

    /// <summary>A value as the line holds it, unambiguously: a number, a quoted string, or null.</summary>
    private static string Field(object value) => value switch
    {
        DBNull => "null",
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        _ => throw new CopyMismatchException($"the latest state holds a {value.GetType().Name} where only integers and text are expected"),
    };

    /// <summary>No time limit: counting and summing a table of years of history can take minutes (Npgsql's default stops at 30 s).</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        (command.Transaction, command.CommandText, command.CommandTimeout) = (tx, sql, 0);
        return command;
    }
}
