using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SmsBuyz.Analytics.Storage;
using SQLitePCL;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// A reference <c>bench ingest</c> prints beside its own rate: every point of every sweep stored the plainest fast way
/// the database allows, in one transaction, into a table with no index at all (not even <c>price_change</c>'s key),
/// values that are already numbers (nothing parsed, looked up or compared), in a database of its own with the app's
/// settings. SQLite, two of them (WAL, synchronous NORMAL): one prepared INSERT whose parameters are reused through
/// Microsoft.Data.Sqlite (<see cref="SqliteCommandReference"/>), and the same INSERT run through SQLite's C API
/// (<see cref="SqliteCApiReference"/>), the strong one: what Python's <c>sqlite3.executemany</c> does in C. PostgreSQL:
/// one binary COPY per sweep. The bench runs each sweep by sweep between its own sweeps, so all see the same load on a
/// shared machine. Only the inserts and the commit are timed.
/// </summary>
internal abstract class RawInsertReference : IAsyncDisposable
{
    public long Rows { get; private set; }
    public TimeSpan Elapsed { get; private set; }
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

    /// <summary>How the reference writes, for the line that prints it.</summary>
    public abstract string How { get; }

    /// <summary>The SQLite references: Microsoft.Data.Sqlite's prepared command, then SQLite's C API (the stronger).</summary>
    public static IReadOnlyList<RawInsertReference> Sqlite(string path) =>
        [new SqliteCommandReference(path + "-command"), new SqliteCApiReference(path + "-capi")];

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

    /// <summary>A SQLite file of its own with the app's settings, one transaction open on it.</summary>
    private abstract class SqliteReference : RawInsertReference
    {
        private readonly string _path;

        protected SqliteReference(string path)
        {
            _path = path;
            BenchFiles.DeleteDatabase(path);
            Connection = new SqliteConnection($"Data Source={path};Pooling=False");
            Connection.Open();
            using (var create = Connection.CreateCommand())
            {
                create.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " + Table;
                create.ExecuteNonQuery();
            }
            Transaction = Connection.BeginTransaction();
        }

        protected SqliteConnection Connection { get; }
        protected SqliteTransaction Transaction { get; }

        protected override void CommitRows() => Transaction.Commit();

        protected virtual void DisposeStatement()
        {
        }

        public override ValueTask DisposeAsync()
        {
            DisposeStatement();
            Transaction.Dispose();
            Connection.Dispose();
            BenchFiles.DeleteDatabase(_path);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Microsoft.Data.Sqlite's way: a prepared <see cref="SqliteCommand"/>, its parameters set and run per row.</summary>
    private sealed class SqliteCommandReference : SqliteReference
    {
        private static readonly string[] Columns = ["$s", "$t", "$p", "$q", "$w"];
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter[] _parameters;

        public SqliteCommandReference(string path) : base(path)
        {
            _insert = Connection.CreateCommand();
            _insert.Transaction = Transaction;
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

        protected override void DisposeStatement() => _insert.Dispose();
    }

    /// <summary>
    /// What <c>sqlite3.executemany</c> does in C, row by row: <c>sqlite3_bind_int64</c> per value, <c>sqlite3_step</c>,
    /// <c>sqlite3_reset</c>, on one prepared statement; no boxing, no parameter looked up by name, no reader. On the
    /// statement's native pointer, as the app's own writes call them (<see cref="SqliteNative"/>): no marshalled handle
    /// either, so the reference pays nothing the C loop would not.
    /// </summary>
    private sealed class SqliteCApiReference : SqliteReference
    {
        private readonly sqlite3_stmt _insert;

        public SqliteCApiReference(string path) : base(path) =>
            Check(raw.sqlite3_prepare_v2(Connection.Handle, "INSERT INTO point VALUES (?1, ?2, ?3, ?4, ?5)", out _insert));

        public override string How => "the same INSERT through SQLite's C API (bind, step, reset per row: what executemany does)";

        protected override void Insert(SyntheticMarket market, long at, long sweep)
        {
            var insert = SqliteNative.Pointer(_insert);
            for (var i = 0; i < market.Series; i++)
            {
                var (price, qty) = market.Point(i);
                Check(SqliteNative.BindInt64(insert, 1, i));
                Check(SqliteNative.BindInt64(insert, 2, at));
                Check(SqliteNative.BindInt64(insert, 3, price));
                Check(SqliteNative.BindInt64(insert, 4, qty));
                Check(SqliteNative.BindInt64(insert, 5, sweep));
                var rc = SqliteNative.Step(insert);
                _ = SqliteNative.Reset(insert); // the step's error again
                if (rc != raw.SQLITE_DONE)
                    Check(rc);
            }
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
        }

        protected override void DisposeStatement() => _insert.Dispose();
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
