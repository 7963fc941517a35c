using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>What keeps the worker from hammering the API: a rejected key pauses the account job; overlaps are skipped.</summary>
[Collection(HangfireTests.Name)]
public sealed class WorkerGuardTests : SandboxWorkerTest
{
    [Fact]
    public async Task AccountJob_KeyRejected_LogsOneClearLineAndStopsAskingTheApi()
    {
        await using var worker = await StartAsync(apiKey: "not-the-sandbox-key", inMemory: true);
        var monitoring = worker.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        worker.Trigger(JobIds.Account);
        await worker.WaitForSweepsAsync(JobIds.Account, 1);
        var paused = "account sweeps are paused until SmsBuyz:ApiKey is fixed and the worker restarted";
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(worker.Logs.GetSnapshot().Any(l => l.Message.Contains(paused, StringComparison.Ordinal))), "the paused line");
        worker.Trigger(JobIds.Account);
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(monitoring.SucceededListCount() >= 2), "the second account run");

        Assert.Equal(1, await worker.CountAsync("sweep WHERE kind = 'account'"));
        var line = Assert.Single(worker.Logs.GetSnapshot(), l => l.Message.Contains(paused, StringComparison.Ordinal));
        Assert.StartsWith("smsbuyz rejected the API key (Forbidden)", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-sandbox-key", string.Join("\n", worker.Logs.GetSnapshot().Select(l => l.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_PreviousRunStillGoing_IsSkippedNotQueued()
    {
        var blocker = new BlockingMaintenance();
        await using var worker = await StartAsync(services: s => s.AddSingleton<IMaintenanceTask>(blocker), inMemory: true);

        worker.Trigger(JobIds.Maintenance);
        await blocker.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        worker.Trigger(JobIds.Maintenance);
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(worker.Logs.GetSnapshot()
            .Any(l => l.Message == "Job maintenance skipped: previous run still going")), "the skipped line");
        worker.Trigger(JobIds.Maintenance); // the same run overlaps a second tick: now it is worth a warning
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(worker.Logs.GetSnapshot()
            .Any(l => l.Message.StartsWith("Job maintenance skipped again", StringComparison.Ordinal))), "the second skipped line");
        blocker.Release.SetResult();

        var monitoring = worker.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(monitoring.SucceededListCount() >= 3), "the three runs to end");
        Assert.Equal(1, blocker.Runs);
        var skipped = worker.Logs.GetSnapshot().Where(l => l.Message.Contains("skipped", StringComparison.Ordinal)).ToList();
        Assert.Equal([LogLevel.Information, LogLevel.Warning], skipped.Select(l => l.Level));
        Assert.Matches(@"^Job maintenance skipped again: its run has been going for \d+ s, longer than its schedule allows; give it a wider Schedules:Maintenance ",
            skipped[1].Message);
    }

    private sealed class BlockingMaintenance : IMaintenanceTask
    {
        private int runs;
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Runs => runs;

        public async Task RunAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            Started.TrySetResult();
            await Release.Task.WaitAsync(ct);
        }
    }
}
