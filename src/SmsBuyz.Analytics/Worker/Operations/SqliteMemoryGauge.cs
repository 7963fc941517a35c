using System.Diagnostics.Metrics;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// <c>smsbuyz_sqlite_memory_bytes</c>: what SQLite's allocator holds now in this process (page caches, statements,
/// schemas of every open connection, pooled ones included): native memory the GC's figures do not show. Zero until
/// SQLite is first used.
/// </summary>
public sealed class SqliteMemoryGauge
{
    public SqliteMemoryGauge(IMeterFactory meters) =>
        meters.Create(ApiMetrics.MeterName).CreateObservableGauge("smsbuyz.sqlite.memory", Used,
            "By", "bytes SQLite's allocator holds in this process (page caches of open and pooled connections, statements)");

    private static long Used()
    {
        // Microsoft.Data.Sqlite loads the native library with its first connection; the same call does nothing after it.
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_memory_used();
    }
}
