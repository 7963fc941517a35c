using System.Runtime.InteropServices;
using SQLitePCL;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// The few SQLite C functions of the hot loops (a market write's rows, a report's two million history rows), called on
/// the statement's native pointer. <see cref="raw"/> takes the statement as a <see cref="SafeHandle"/>, and the
/// marshaller adds and releases a reference to it around every call: a tenth of a sweep's CPU time, more than SQLite's
/// own work for binding an integer or reading one. The caller keeps its <see cref="sqlite3_stmt"/> (the owner of the
/// pointer) alive and undisposed while it calls these. The library is the one Microsoft.Data.Sqlite's bundle loads.
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>The statement's pointer, valid until the handle is disposed.</summary>
    public static nint Pointer(sqlite3_stmt statement) => statement.DangerousGetHandle();

    // No GC transition for the calls that only copy an integer in or out: they cannot block (the connection's mutex is
    // never contended, as a connection is used by one thread at a time) and they return in nanoseconds, which the
    // transition would double. Step and reset run the statement and may wait on the disk, so they keep it.
    [DllImport(Library, EntryPoint = "sqlite3_bind_int64"), SuppressGCTransition]
    public static extern int BindInt64(nint statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static extern long ColumnInt64(nint statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    public static extern int Step(nint statement);

    [DllImport(Library, EntryPoint = "sqlite3_reset")]
    public static extern int Reset(nint statement);
}
