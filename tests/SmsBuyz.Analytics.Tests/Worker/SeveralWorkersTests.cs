using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>Workers sharing one PostgreSQL database share one schedule; a run abandoned by a dead worker is not run late.</summary>
public sealed class SeveralWorkersTests
{
    [PostgresFact]
    public async Task ClaimSchedulingAsync_WorkersOnHangfirePostgreSqlShare_OneWithItsOwnScheduleRunsOnlyAlone()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql, Hangfire("PostgreSql")).MigrateAsync();
        var shared = Hangfire("PostgreSql", first);
        await using var second = new TestServices(StorageProvider.PostgreSql, shared);
        await using var own = new TestServices(StorageProvider.PostgreSql, Hangfire("InMemory", first));

        await first.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None);
        await second.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None);
        var refused = await Assert.ThrowsAsync<WorkerAlreadyRunningException>(() => own.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None));
        Assert.Contains("with Hangfire:Storage InMemory each worker keeps its own schedule", refused.Message, StringComparison.Ordinal);
        await first.Get<PgPresence>().DisposeAsync(); // both sharing workers stop
        await second.Get<PgPresence>().DisposeAsync();
        await PostgresSessions.WaitUntilFreeAsync(first, PgLocks.App, (int)WriteLock.SoleScheduler);

        await own.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None);
        await using var late = new TestServices(StorageProvider.PostgreSql, shared);
        var alone = await Assert.ThrowsAsync<WorkerAlreadyRunningException>(() => late.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None));
        Assert.Contains("a worker with a schedule of its own (Hangfire:Storage Sqlite or InMemory) runs on this database", alone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimSchedulingAsync_Sqlite_NothingToClaim()
    {
        await using var services = await new TestServices(new Dictionary<string, string?> { ["Hangfire:Storage"] = "InMemory" }).MigrateAsync();

        var claim = services.Get<HangfireStorage>().ClaimSchedulingAsync(CancellationToken.None);

        // Done before anything was awaited: no lock asked for anywhere. The presence session it would take a lock on is
        // PostgreSQL's alone and throws on SQLite, where Hangfire's file lock (Hangfire:Storage Sqlite) is the guard.
        Assert.True(claim.IsCompletedSuccessfully, $"the claim on SQLite is {claim.Status}, {claim.Exception?.InnerException?.Message}");
        await claim;
    }

    [Theory]
    [InlineData("*/5 * * * *", 4, false)]
    [InlineData("*/5 * * * *", 6, true)]
    [InlineData("* * * * *", 0.5, false)]
    [InlineData("* * * * *", 2, true)]
    [InlineData("15 3 * * *", 23 * 60, false)]
    [InlineData("15 3 * * *", 25 * 60, true)]
    public void IsStale_OlderThanOnePeriodOfItsCron(string cron, double minutesOld, bool stale)
    {
        var now = new DateTimeOffset(2026, 1, 15, 12, 2, 30, TimeSpan.Zero);
        Assert.Equal(stale, SkipStaleOccurrence.IsStale(now.AddMinutes(-minutesOld), cron, TimeZoneInfo.Utc, now));
    }

    private static Dictionary<string, string?> Hangfire(string storage, TestServices? database = null)
    {
        var settings = database?.StorageSettings.ToDictionary() ?? [];
        settings["Hangfire:Storage"] = storage;
        return settings;
    }
}
