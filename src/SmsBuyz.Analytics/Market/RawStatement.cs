using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Storage;
using SQLitePCL;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// A statement prepared once per write transaction and run through SQLite's C API: integers bound by position. Through
/// <see cref="SqliteCommand"/> every run boxes each value and looks each parameter up by name (a linear scan inside
/// SQLite), which cost more than the row itself on the sweep's hot path; the calls go to the statement's pointer
/// (<see cref="SqliteNative"/>).
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _pointer;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _pointer = SqliteNative.Pointer(_statement);
    }

    /// <summary>Binds <paramref name="value"/> to the <paramref name="index"/>th parameter (1-based, as SQLite counts).</summary>
    public RawStatement Bind(int index, long value)
    {
        Check(SqliteNative.BindInt64(_pointer, index, value));
        return this;
    }

    /// <summary>Runs the statement to its end, then resets it for the next run; a failure throws a <see cref="SqliteException"/>.</summary>
    public void Run()
    {
        var rc = SqliteNative.Step(_pointer);
        _ = SqliteNative.Reset(_pointer); // it returns the step's error again, which rc holds
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
