using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// The reference <c>bench ingest</c> prints beside its own rate: every point of every sweep stored the plainest fast way
/// SQLite allows. One transaction, one prepared INSERT whose parameters are reused, into a table with no index at all
/// (not even <c>price_change</c>'s key), values that are already numbers (nothing parsed, looked up or compared), on a
/// file of its own with the app's settings (WAL, synchronous NORMAL). The bench runs it sweep by sweep between its own
/// sweeps, so both see the same load on a shared machine. Only the inserts and the commit are timed.
/// </summary>
internal sealed class RawInsertReference : IDisposable
{
    private static readonly string[] Columns = ["$s", "$t", "$p", "$q", "$w"];
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _tx;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;

    public RawInsertReference(string path)
    {
        _path = path;
        BenchFiles.DeleteDatabase(path);
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                CREATE TABLE point (series_id INTEGER NOT NULL, observed_at INTEGER NOT NULL, price INTEGER NOT NULL,
                    qty INTEGER NOT NULL, sweep_id INTEGER NOT NULL);
                """;
            create.ExecuteNonQuery();
        }
        _tx = _connection.BeginTransaction();
        _insert = _connection.CreateCommand();
        _insert.Transaction = _tx;
        _insert.CommandText = "INSERT INTO point VALUES ($s, $t, $p, $q, $w)";
        _parameters = [.. Columns.Select(n => _insert.Parameters.Add(n, SqliteType.Integer))];
        _insert.Prepare();
    }

    public long Rows { get; private set; }
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Inserts every series' current point, as sweep <paramref name="sweep"/>.</summary>
    public void InsertSweep(SyntheticMarket market, int sweep)
    {
        var clock = Stopwatch.StartNew();
        (_parameters[1].Value, _parameters[4].Value) = (sweep * 300_000L, (long)sweep);
        for (var i = 0; i < market.Series; i++)
        {
            var (price, qty) = market.Point(i);
            (_parameters[0].Value, _parameters[2].Value, _parameters[3].Value) = ((long)i, price, qty);
            _insert.ExecuteNonQuery();
        }
        Elapsed += clock.Elapsed;
        Rows += market.Series;
    }

    public void Commit()
    {
        var clock = Stopwatch.StartNew();
        _tx.Commit();
        Elapsed += clock.Elapsed;
    }

    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    public void Dispose()
    {
        _insert.Dispose();
        _tx.Dispose();
        _connection.Dispose();
        BenchFiles.DeleteDatabase(_path);
    }

}
