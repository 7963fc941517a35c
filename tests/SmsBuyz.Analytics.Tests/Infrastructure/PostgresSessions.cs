using Dapper;
using Npgsql;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>Who holds an advisory lock on the test cluster, and ending a session as a dead worker's ends.</summary>
public static class PostgresSessions
{
    /// <summary>
    /// The pid of the session holding the advisory lock (<paramref name="classId"/>, <paramref name="objId"/>) in the
    /// database of <paramref name="services"/> (advisory locks are per database; other tests' databases hold the same keys), or null.
    /// </summary>
    public static async Task<int?> HolderAsync(TestServices services, int classId, int objId)
    {
        var database = new NpgsqlConnectionStringBuilder(services.StorageSettings["Storage:ConnectionString"]).Database;
        await using var admin = await AdminAsync();
        return await admin.ExecuteScalarAsync<int?>("""
            SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = @database AND l.locktype = 'advisory' AND l.classid = @classId::int4::oid AND l.objid = @objId::int4::oid
              AND l.objsubid = 2 AND l.granted
            LIMIT 1
            """, new { database, classId, objId });
    }

    /// <summary>
    /// Waits until no session holds the advisory lock (<paramref name="classId"/>, <paramref name="objId"/>) in the
    /// database of <paramref name="services"/>. A client closing its connection returns before the server's backend has
    /// exited and let go of its locks; on a busy machine that takes a moment.
    /// </summary>
    public static async Task WaitUntilFreeAsync(TestServices services, int classId, int objId)
    {
        for (var waited = 0; await HolderAsync(services, classId, objId) is { } pid; waited++)
        {
            Assert.True(waited < 200, $"session {pid} still holds advisory lock ({classId}, {objId}) after 10 s");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Ends a session from the server's side and waits until it is gone with its locks: what the server does when a
    /// worker's process is killed (the OS closes its socket) or its keepalives go unanswered.
    /// </summary>
    public static async Task TerminateAsync(int pid)
    {
        await using var admin = await AdminAsync();
        Assert.True(await admin.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid }), $"no session {pid}");
        for (var waited = 0; await admin.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid)", new { pid }); waited++)
        {
            Assert.True(waited < 200, $"session {pid} still there after 10 s");
            await Task.Delay(50);
        }
    }

    private static async Task<NpgsqlConnection> AdminAsync()
    {
        var connection = new NpgsqlConnection((await PostgresServer.GetAsync()).AdminConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
