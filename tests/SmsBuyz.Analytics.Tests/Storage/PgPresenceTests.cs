using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

public sealed class PgPresenceTests
{
    [PostgresFact]
    public async Task RunAsync_IdleSessionEndedByTheServer_RunsOnANewSession_AndSaysItsLocksWentWithTheOldOne()
    {
        await using var services = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        var presence = services.Get<PgPresence>();
        var before = await presence.RunAsync(c => c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"), CancellationToken.None);

        // What a server restart or failover does to an idle session: the client learns of it only at its next statement.
        await PostgresSessions.TerminateAsync(before);
        var after = await presence.RunAsync(c => c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"), CancellationToken.None);

        Assert.NotEqual(before, after);
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.StartsWith("The presence session with the database broke and was opened again", StringComparison.Ordinal));
    }
}
