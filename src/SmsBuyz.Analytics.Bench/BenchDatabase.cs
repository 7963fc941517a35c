using System.Data.Common;
using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>What a synthetic bench database holds, kept in it (table <c>bench_info</c>) so a later run can reuse it.</summary>
public sealed record BenchDatabase(int Series, int Days, long End, TierBytes Bytes, double BuildSeconds)
{
    public static async Task<BenchDatabase?> ReadAsync(Database db, DbConnection connection)
    {
        var exists = await connection.ExecuteScalarAsync<long>(db.Sql(
            sqlite: "SELECT count(*) FROM sqlite_master WHERE name = 'bench_info'",
            postgreSql: "SELECT count(*) FROM pg_class WHERE oid = to_regclass('bench_info')")) > 0;
        if (!exists)
            return null;
        var v = (await connection.QueryAsync<(string Name, double Value)>("SELECT name, value FROM bench_info")).ToDictionary();
        return new BenchDatabase((int)v["series"], (int)v["days"], (long)v["end"],
            new TierBytes(v["raw"], v["hourly"], v["daily"], v["per_series"]), v["build_seconds"]);
    }

    public async Task WriteAsync(DbConnection connection)
    {
        // DOUBLE PRECISION: 8 bytes on both (PostgreSQL's REAL has 4, too few for a time in milliseconds).
        await connection.ExecuteAsync("CREATE TABLE bench_info (name TEXT PRIMARY KEY, value DOUBLE PRECISION NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO bench_info VALUES (@Name, @Value)", new (string Name, double Value)[]
        {
            ("series", Series), ("days", Days), ("end", End), ("raw", Bytes.Raw), ("hourly", Bytes.Hourly),
            ("daily", Bytes.Daily), ("per_series", Bytes.PerSeries), ("build_seconds", BuildSeconds),
        }.Select(p => new { p.Name, p.Value }));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Series:N0} series, {Days} days; bytes per row: raw {Bytes.Raw:F1}, hourly {Bytes.Hourly:F1}, daily {Bytes.Daily:F1}, per series {Bytes.PerSeries:F0}");
}
