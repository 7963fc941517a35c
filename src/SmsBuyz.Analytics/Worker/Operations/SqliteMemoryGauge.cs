using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// <c>smsbuyz_sqlite_memory_bytes</c>: what SQLite's allocator holds now in this process (page caches, statements,
/// schemas of every open connection, pooled ones included): native memory the GC's figures do not show. Zero until
/// SQLite is first used.
/// </summary>
public sealed class SqliteMemoryGauge
{
    public SqliteMemoryGauge(IMeterFactory meters)
    {
        // SqliteConnection's type initializer loads the native library, once per process, as a first connection would.
        RuntimeHelpers.RunClassConstructor(typeof(SqliteConnection).TypeHandle);
        meters.Create(ApiMetrics.MeterName).CreateObservableGauge("smsbuyz.sqlite.memory", SQLitePCL.raw.sqlite3_memory_used,
            "By", "bytes SQLite's allocator holds in this process (page caches of open and pooled connections, statements)");
    }
}
