using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// The reference <c>bench ingest</c> prints beside its own rate: every point of every sweep stored the plainest fast way
/// the database allows, in one transaction, into a table with no index at all (not even <c>price_change</c>'s key),
/// values that are already numbers (nothing parsed, looked up or compared), in a database of its own with the app's
/// settings. SQLite: one prepared INSERT whose parameters are reused (WAL, synchronous NORMAL). PostgreSQL: one binary
/// COPY per sweep. The bench runs it sweep by sweep between its own sweeps, so both see the same load on a shared
/// machine. Only the inserts and the commit are timed.
/// </summary>
internal abstract class RawInsertReference : IAsyncDisposable
{
    public long Rows { get; private set; }
    public TimeSpan Elapsed { get; private set; }
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>How the reference writes, for the line that prints it.</summary>
    public abstract string How { get; }

    public static RawInsertReference Sqlite(string path) => new SqliteReference(path);

    public static async Task<RawInsertReference> PostgreSqlAsync(string server, CancellationToken ct) =>
        await PostgreSqlReference.CreateAsync(server, ct);

    /// <summary>Inserts every series' current point, as sweep <paramref name="sweep"/>.</summary>
    public void InsertSweep(SyntheticMarket market, int sweep)
    {
        var clock = Stopwatch.StartNew();
        Insert(market, sweep * 300_000L, sweep);
        Elapsed += clock.Elapsed;
        Rows += market.Series;
    }

    public void Commit()
    {
        var clock = Stopwatch.StartNew();
        CommitRows();
        Elapsed += clock.Elapsed;
    }

    protected abstract void Insert(SyntheticMarket market, long at, long sweep);

    protected abstract void CommitRows();

    public abstract ValueTask DisposeAsync();

    private const string Table = """
        CREATE TABLE point (series_id BIGINT NOT NULL, observed_at BIGINT NOT NULL, price BIGINT NOT NULL,
            qty BIGINT NOT NULL, sweep_id BIGINT NOT NULL)
        """;

    private sealed class SqliteReference : RawInsertReference
    {
        private static readonly string[] Columns = ["$s", "$t", "$p", "$q", "$w"];
        private readonly string _path;
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _tx;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _parameters;

        public SqliteReference(string path)
        {
            _path = path;
            BenchFiles.DeleteDatabase(path);
            _connection = new SqliteConnection($"Data Source={path};Pooling=False");
            _connection.Open();
            using (var create = _connection.CreateCommand())
            {
                create.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " + Table;
                create.ExecuteNonQuery();
            }
            _tx = _connection.BeginTransaction();
            _insert = _connection.CreateCommand();
            _insert.Transaction = _tx;
            _insert.CommandText = "INSERT INTO point VALUES ($s, $t, $p, $q, $w)";
            _parameters = [.. Columns.Select(n => _insert.Parameters.Add(n, SqliteType.Integer))];
            _insert.Prepare();
        }

        public override string How => "a plain prepared INSERT of every point";

        protected override void Insert(SyntheticMarket market, long at, long sweep)
        {
            (_parameters[1].Value, _parameters[4].Value) = (at, sweep);
            for (var i = 0; i < market.Series; i++)
            {
                var (price, qty) = market.Point(i);
                (_parameters[0].Value, _parameters[2].Value, _parameters[3].Value) = ((long)i, price, qty);
                _insert.ExecuteNonQuery();
            }
        }

        protected override void CommitRows() => _tx.Commit();

        public override ValueTask DisposeAsync()
        {
            _insert.Dispose();
            _tx.Dispose();
            _connection.Dispose();
            BenchFiles.DeleteDatabase(_path);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgreSqlReference(BenchPostgres database, NpgsqlConnection connection, NpgsqlTransaction tx) : RawInsertReference
    {
        public static async Task<PostgreSqlReference> CreateAsync(string server, CancellationToken ct)
        {
            var database = await BenchPostgres.CreateAsync(server, ct);
            var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using (var create = new NpgsqlCommand(Table, connection))
                await create.ExecuteNonQueryAsync(ct);
            return new PostgreSqlReference(database, connection, await connection.BeginTransactionAsync(ct));
        }

        public override string How => "a plain binary COPY of every point";

        protected override void Insert(SyntheticMarket market, long at, long sweep)
        {
            using var copy = connection.BeginBinaryImport("COPY point (series_id, observed_at, price, qty, sweep_id) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < market.Series; i++)
            {
                var (price, qty) = market.Point(i);
                copy.StartRow();
                copy.Write((long)i, NpgsqlDbType.Bigint);
                copy.Write(at, NpgsqlDbType.Bigint);
                copy.Write(price, NpgsqlDbType.Bigint);
                copy.Write(qty, NpgsqlDbType.Bigint);
                copy.Write(sweep, NpgsqlDbType.Bigint);
            }
            copy.Complete();
        }

        protected override void CommitRows() => tx.Commit();

        public override async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
