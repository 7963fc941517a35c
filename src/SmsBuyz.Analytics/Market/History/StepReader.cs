using System.Data.Common;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Storage;
using SQLitePCL;

namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// Runs the steps query of <see cref="MarketReadModel.BucketsAsync"/> and hands each row (series, time, low, high, mean,
/// last, stock; all integers) to a <see cref="BucketFold"/>. A report reads two million of them.
/// </summary>
internal static class StepReader
{
    /// <summary>
    /// On SQLite through its C API: <see cref="SqliteDataReader.GetInt64"/> asks SQLite for the column count and the
    /// column's type before its value, three native calls for one, and that was most of the read (1.8–2.2 s against
    /// 1.0–1.3 s of CPU time for the report's two million rows). PostgreSQL rows come through its data reader.
    /// </summary>
    public static async Task ReadAsync(DbCommand command, BucketFold fold, CancellationToken ct)
    {
        if (command.Connection is SqliteConnection sqlite)
        {
            ReadSqlite(sqlite, command, fold, ct);
            return;
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            fold.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6));
    }

    /// <summary>The command's text and integer parameters (bound by name, as SQLite numbers them), run in its transaction.</summary>
    private static void ReadSqlite(SqliteConnection connection, DbCommand command, BucketFold fold, CancellationToken ct)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(db, command.CommandText, out var statement), db);
        using (statement)
        {
            foreach (DbParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, "@" + parameter.ParameterName);
                if (index == 0)
                    throw new InvalidOperationException($"the steps query has no parameter @{parameter.ParameterName}");
                Check(raw.sqlite3_bind_int64(statement, index, (long)parameter.Value!), db);
            }
            int rc;
            var p = SqliteNative.Pointer(statement);
            for (var row = 0; (rc = SqliteNative.Step(p)) == raw.SQLITE_ROW; row++)
            {
                if ((row & 0xFFFF) == 0)
                    ct.ThrowIfCancellationRequested();
                fold.Add(SqliteNative.ColumnInt64(p, 0), SqliteNative.ColumnInt64(p, 1), SqliteNative.ColumnInt64(p, 2), SqliteNative.ColumnInt64(p, 3),
                    SqliteNative.ColumnInt64(p, 4), SqliteNative.ColumnInt64(p, 5), SqliteNative.ColumnInt64(p, 6));
            }
            if (rc != raw.SQLITE_DONE)
                Check(rc, db);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}
