using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsBuyz.Analytics.Jobs;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Jobs;

/// <summary>The real worker (Hangfire server on a SQLite file) against the in-process sandbox over loopback.</summary>
[Collection(HangfireTests.Name)]
public sealed class WorkerRunTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder folder = new();
    private SandboxServer sandbox = null!;

    public async Task InitializeAsync() => sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 10, Products = 20 });

    [Fact]
    public async Task Run_TriggeredJobs_RecordSweepsAndPricesAndStopWithinSeconds()
    {
        await using var worker = await StartAsync();

        foreach (var id in new[] { JobIds.Products, JobIds.Prices, JobIds.Account })
            worker.Trigger(id);
        await worker.WaitForSweepsAsync(JobIds.Products, 1);
        await worker.WaitForSweepsAsync(JobIds.Prices, 1);
        await worker.WaitForSweepsAsync(JobIds.Account, 1);
        worker.Trigger(JobIds.Products);
        await worker.WaitForSweepsAsync(JobIds.Products, 2);

        Assert.Equal(0, await worker.CountAsync("sweep WHERE errors > 0"));
        Assert.True(await worker.CountAsync("price_change") > 0);
        Assert.True(await worker.CountAsync("profile_history") > 0);
        var stopwatch = Stopwatch.StartNew();
        await worker.Host.StopAsync(CancellationToken.None);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Stop_DuringASweep_AbandonsItsRequestsAndClosesTheSweepRow()
    {
        sandbox.Options.Faults.Kinds = FaultKinds.Latency;
        sandbox.Options.Faults.Latency = TimeSpan.FromSeconds(30);
        sandbox.Options.Faults.PathContains = "/guest/products/us/";
        sandbox.Options.Faults.Probability = 1;
        await using var worker = await StartAsync();
        worker.Trigger(JobIds.Products);
        await WorkerHost.WaitUntilAsync(async () => await worker.CountAsync("price_change") > 0, "the first endpoint's prices");

        var stopwatch = Stopwatch.StartNew();
        await worker.Host.StopAsync(CancellationToken.None);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
        Assert.Equal(1, await worker.CountAsync("sweep WHERE kind = 'products' AND finished_at IS NOT NULL"));
        Assert.True(await worker.CountAsync("price_change") > 0, "what was written before the stop stays");
    }

    [Fact]
    public async Task ReportsJob_WritesTheLatestCsvFiles()
    {
        await using var worker = await StartAsync();
        worker.Trigger(JobIds.Prices);
        await worker.WaitForSweepsAsync(JobIds.Prices, 1);

        worker.Trigger(JobIds.Reports);

        var prices = Path.Combine(folder.Path, "reports", "prices.csv");
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(folder.Path, "reports", "payments.csv"))), "the reports");
        Assert.StartsWith("observed_at,country,operator,product,price,qty", await File.ReadAllTextAsync(prices), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Path, "reports", "orders.csv")));
    }

    [Fact]
    public async Task Restart_SameFiles_KeepsHistoryAndDoesNotDuplicateJobs()
    {
        List<string> before;
        await using (var first = await StartAsync())
        {
            first.Trigger(JobIds.Prices);
            await first.WaitForSweepsAsync(JobIds.Prices, 1);
            before = first.RecurringJobs().Select(j => j.Id).ToList();
        }

        await using var second = await StartAsync();
        second.Trigger(JobIds.Prices);
        await second.WaitForSweepsAsync(JobIds.Prices, 2);

        Assert.Equal(before, second.RecurringJobs().Select(j => j.Id));
        Assert.Equal(5, before.Count);
    }

    [Fact]
    public async Task AccountJob_KeyRejected_LogsOneClearLineAndStopsAskingTheApi()
    {
        await using var worker = await StartAsync(apiKey: "not-the-sandbox-key");

        worker.Trigger(JobIds.Account);
        await worker.WaitForSweepsAsync(JobIds.Account, 1);
        var paused = "account sweeps are paused until the key is fixed and the worker restarted";
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(worker.Logs.GetSnapshot().Any(l => l.Message.Contains(paused, StringComparison.Ordinal))), "the paused line");
        worker.Trigger(JobIds.Account);
        worker.Trigger(JobIds.Products);
        await worker.WaitForSweepsAsync(JobIds.Products, 1);
        await Task.Delay(500);

        Assert.Equal(1, await worker.CountAsync("sweep WHERE kind = 'account'"));
        var line = Assert.Single(worker.Logs.GetSnapshot(), l => l.Message.Contains(paused, StringComparison.Ordinal));
        Assert.StartsWith("SmsBuyz rejected the API key (Forbidden)", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-sandbox-key", string.Join("\n", worker.Logs.GetSnapshot().Select(l => l.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_PreviousRunStillGoing_IsSkippedNotQueued()
    {
        var blocker = new BlockingMaintenance();
        await using var worker = await StartAsync(services: s => s.AddSingleton<IMaintenanceJob>(blocker));

        worker.Trigger(JobIds.Maintenance);
        await blocker.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        worker.Trigger(JobIds.Maintenance);
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(worker.Logs.GetSnapshot()
            .Any(l => l.Message == "Job maintenance skipped: previous run still going")), "the skipped line");
        blocker.Release.SetResult();

        var monitoring = worker.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(monitoring.SucceededListCount() == 2), "both runs to end");
        Assert.Equal(1, blocker.Runs);
    }

    private Task<WorkerHost> StartAsync(string? apiKey = null, Action<IServiceCollection>? services = null) =>
        StartWorkerAsync(new()
        {
            ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["SmsBuyz:ApiKey"] = apiKey ?? sandbox.Options.ApiKey,
        }, services);

    private async Task<WorkerHost> StartWorkerAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        var worker = await WorkerHost.CreateAsync(folder.Path, settings, services);
        await worker.Host.StartAsync();
        return worker;
    }

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    public void Dispose() => folder.Dispose();

    private sealed class BlockingMaintenance : IMaintenanceJob
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
