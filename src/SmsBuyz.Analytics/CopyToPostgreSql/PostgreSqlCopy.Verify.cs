using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.CopyToPostgreSql;

public sealed partial class PostgreSqlCopy
{
    /// <summary>
    /// What is summed besides the row count: the money columns (1e-4 units), the market's version counter, what the
    /// write path keeps of a series that its readers do not see (which endpoints list it, the stock its history last
    /// recorded), so the checksum of the latest state below need not hold them, and whose each row is (its provider or
    /// account), so no row changes owner on the way.
    /// </summary>
    private static readonly Dictionary<string, string[]> Summed = new()
    {
        ["account"] = ["provider_id"],
        ["series"] = ["sources", "provider_id"],
        ["sweep"] = ["provider_id", "account_id"],
        ["price_change"] = ["price"],
        ["price_latest"] = ["price", "recorded_qty"],
        ["price_hourly"] = ["price_min", "price_max", "price_avg", "price_last"],
        ["price_daily"] = ["price_min", "price_max", "price_avg", "price_last"],
        ["profile_history"] = ["balance", "account_id"],
        ["orders"] = ["price", "account_id"],
        ["order_sms"] = ["account_id"],
        ["order_conflict"] = ["price", "account_id"],
        ["payments"] = ["amount", "balance", "account_id"],
        ["buy_intent"] = ["max_price", "reserved", "account_id"],
        ["rule_pause"] = ["account_id"],
        ["order_notice"] = ["account_id"],
        ["rule_alert"] = ["price", "provider_id"],
        ["market_version"] = ["version"],
    };

    /// <summary>
    /// Every field of the read model's latest state of a series, in declaration order: a field added to it (a part of a
    /// series' identity) is compared with no change here. The keys of a product and an operator are not among them; they
    /// are their names in lower case, so the names compare them.
    /// </summary>
    private static readonly PropertyInfo[] LatestFields = [.. typeof(SeriesInfo).GetProperties().OrderBy(p => p.MetadataToken)];

    /// <summary>
    /// Reads both sides back the same way (the counts with the same portable statements, the latest state through the
    /// market's read model, hashed in C#) and throws naming the first difference. The target's figures come from inside
    /// the copy's transaction, which sees its own rows.
    /// </summary>
    /// <returns>The latest state's SHA-256, in hex, and how many series it holds.</returns>
    private async Task<(string Checksum, long Series)> VerifyAsync(DbConnection from, DbTransaction snapshot, DbConnection to, DbTransaction tx, CancellationToken ct)
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
        var (sourceHash, sourceRows) = Checksum(await new MarketReadModel(source).LatestAsync(from, snapshot, MarketFilter.All, ct));
        var (targetHash, targetRows) = Checksum(await new MarketReadModel(target).LatestAsync(to, tx, MarketFilter.All, ct));
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

    /// <summary>The SHA-256 of one line per series, in the read model's order (the same on both providers: names by their bytes, then ids).</summary>
    private static (string Hash, long Rows) Checksum(IReadOnlyList<SeriesInfo> latest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var series in latest)
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('|', LatestFields.Select(f => Field(f.GetValue(series)))) + "\n"));
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), latest.Count);
    }

    /// <summary>A value as the line holds it, unambiguously: a number, a quoted string, or null.</summary>
    private static string Field(object? value) => value switch
    {
        null => "null",
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
