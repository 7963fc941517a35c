using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Tests.Worker.Jobs;

/// <summary>
/// "Previous run still going": in one process, how loudly a skip is logged; across workers on one PostgreSQL database,
/// each a service graph of its own.
/// </summary>
public sealed class JobGateTests
{
    [Fact]
    public async Task RunExclusiveAsync_OneSkipIsInformation_ASecondOfTheSameRunAWarning_ANewRunCountsAfresh()
    {
        await using var worker = await new TestServices().MigrateAsync();
        var gate = worker.Get<JobGate>();
        async Task<bool> TryAsync() => await gate.RunExclusiveAsync(JobIds.Products, _ => Task.CompletedTask, CancellationToken.None);

        var first = new TaskCompletionSource();
        var running = await StartRunAsync(worker, JobIds.Products, first.Task);
        Assert.False(await TryAsync());
        worker.Time.Advance(TimeSpan.FromSeconds(75));
        Assert.False(await TryAsync());
        first.SetResult();
        Assert.True(await running);
        var second = new TaskCompletionSource();
        running = await StartRunAsync(worker, JobIds.Products, second.Task);
        Assert.False(await TryAsync());
        second.SetResult();
        Assert.True(await running);

        var skipped = worker.Logs.GetSnapshot().Where(l => l.Message.Contains("skipped", StringComparison.Ordinal)).ToList();
        Assert.Equal([LogLevel.Information, LogLevel.Warning, LogLevel.Information], skipped.Select(l => l.Level));
        Assert.Equal("Job products skipped: previous run still going", skipped[0].Message);
        Assert.StartsWith("Job products skipped again: its run has been going for 75 s, longer than its schedule allows; give it a wider Schedules:Products ",
            skipped[1].Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task RunExclusiveAsync_RunGoingOnAnotherWorker_SkippedWhileOtherJobsRun()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary());
        var release = new TaskCompletionSource();
        var running = await StartRunAsync(first, JobIds.Prices, release.Task);
        var ran = new List<string>();

        var skipped = !await second.Get<JobGate>().RunExclusiveAsync(JobIds.Prices, _ => Record(ran, JobIds.Prices), CancellationToken.None);
        var other = await second.Get<JobGate>().RunExclusiveAsync(JobIds.Products, _ => Record(ran, JobIds.Products), CancellationToken.None);
        release.SetResult();
        Assert.True(await running);
        var afterwards = await second.Get<JobGate>().RunExclusiveAsync(JobIds.Prices, _ => Record(ran, JobIds.Prices), CancellationToken.None);

        Assert.True(skipped);
        Assert.True(other);
        Assert.True(afterwards);
        Assert.Equal([JobIds.Products, JobIds.Prices], ran);
        Assert.Contains(second.Logs.GetSnapshot(), l => l.Message == "Job prices skipped: previous run still going on another worker");
    }

    [PostgresFact]
    public async Task RunExclusiveAsync_TheHoldersSessionDied_FreeAtOnce_AndTheHolderEndsItsRunQuietly()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary());
        var release = new TaskCompletionSource();
        var running = await StartRunAsync(first, JobIds.Prices, release.Task);
        var holder = await PostgresSessions.HolderAsync(first, PgLocks.Jobs, await HashTextAsync(first, JobIds.Prices));
        Assert.NotNull(holder);

        await PostgresSessions.TerminateAsync(holder.Value); // the first worker's process is gone, as far as the server knows
        var ran = await second.Get<JobGate>().RunExclusiveAsync(JobIds.Prices, _ => Task.CompletedTask, CancellationToken.None);
        release.SetResult();

        Assert.True(ran);
        Assert.True(await running); // its unlock found the session gone; nothing to release, no failure
        // The next run on the first worker opens a new presence session.
        Assert.True(await first.Get<JobGate>().RunExclusiveAsync(JobIds.Prices, _ => Task.CompletedTask, CancellationToken.None));
    }

    /// <summary>A run on <paramref name="worker"/> that holds the gate until <paramref name="release"/>; returns once it runs.</summary>
    private static async Task<Task<bool>> StartRunAsync(TestServices worker, string jobId, Task release)
    {
        var started = new TaskCompletionSource();
        var running = worker.Get<JobGate>().RunExclusiveAsync(jobId, async _ =>
        {
            started.SetResult();
            await release;
        }, CancellationToken.None);
        await started.Task;
        return running;
    }

    private static Task Record(List<string> ran, string id)
    {
        lock (ran)
            ran.Add(id);
        return Task.CompletedTask;
    }

    private static async Task<int> HashTextAsync(TestServices services, string text)
    {
        await using var connection = await services.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT hashtext(@text)", new { text });
    }
}
