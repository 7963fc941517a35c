using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// A statement prepared once per write transaction and run through SQLite's C API: integers bound by position. Through
/// <see cref="SqliteCommand"/> every run boxes each value and looks each parameter up by name (a linear scan inside
/// SQLite), which cost more than the row itself on the sweep's hot path.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds <paramref name="value"/> to the <paramref name="index"/>th parameter (1-based, as SQLite counts).</summary>
    public RawStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    /// <summary>Runs the statement to its end, then resets it for the next run; a failure throws a <see cref="SqliteException"/>.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
            Check(rc);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
