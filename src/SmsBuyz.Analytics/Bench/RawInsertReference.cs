using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// The reference <c>bench ingest</c> prints beside its own rate: every point of every sweep stored the plainest fast way
/// SQLite allows. One transaction, one prepared INSERT whose parameters are reused, into a table with no index at all
/// (not even <c>price_change</c>'s key), values that are already numbers (nothing parsed, looked up or compared), on a
/// file with the app's settings (WAL, synchronous NORMAL). Only the inserts and the commit are timed.
/// </summary>
internal static class RawInsertReference
{
    private static readonly string[] Columns = ["$s", "$t", "$p", "$q", "$w"];

    public static TimeSpan Run(string path, int series, int perAnswer, int sweeps, double changeRate)
    {
        Delete(path);
        var market = new SyntheticMarket(series, perAnswer);
        var elapsed = TimeSpan.Zero;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE point (series_id INTEGER NOT NULL, observed_at INTEGER NOT NULL, price INTEGER NOT NULL,
                    qty INTEGER NOT NULL, sweep_id INTEGER NOT NULL);
                """);
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO point VALUES ($s, $t, $p, $q, $w)";
            var parameters = Columns.Select(n => insert.Parameters.Add(n, SqliteType.Integer)).ToArray();
            insert.Prepare();
            for (var k = 1; k <= sweeps; k++)
            {
                market.Move(changeRate);
                var clock = Stopwatch.StartNew();
                (parameters[1].Value, parameters[4].Value) = (k * 300_000L, (long)k);
                for (var i = 0; i < market.Series; i++)
                {
                    var (price, qty) = market.Point(i);
                    (parameters[0].Value, parameters[2].Value, parameters[3].Value) = ((long)i, price, qty);
                    insert.ExecuteNonQuery();
                }
                elapsed += clock.Elapsed;
            }
            var commit = Stopwatch.StartNew();
            tx.Commit();
            elapsed += commit.Elapsed;
        }
        Delete(path);
        return elapsed;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
            File.Delete(file);
    }
}
