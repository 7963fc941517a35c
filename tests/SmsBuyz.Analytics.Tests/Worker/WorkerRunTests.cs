using System.Diagnostics;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>The real worker (Hangfire server on a SQLite file) against the in-process sandbox over loopback.</summary>
[Collection(HangfireTests.Name)]
public sealed class WorkerRunTests : SandboxWorkerTest
{
    [Fact]
    public async Task Start_SweepOnStart_SweepsEverySourceOnceWithoutWaitingForTheCron()
    {
        // The test host's crons do not fire during a test (WorkerHost.NeverCron): only the start sweep can produce these rows.
        await using var worker = await StartAsync(inMemory: true, settings: new Dictionary<string, string?>
        {
            ["Schedules:SweepOnStart"] = "true",
        });

        await worker.WaitForSweepsAsync(JobIds.Products, 1);
        await worker.WaitForSweepsAsync(JobIds.Prices, 1);
        await worker.WaitForSweepsAsync(JobIds.Account, 1);
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a second start-up sweep, were there one

        Assert.True(await worker.CountAsync("price_change") > 0);
        foreach (var kind in new[] { JobIds.Products, JobIds.Prices, JobIds.Account })
            Assert.Equal(1, await worker.CountAsync($"sweep WHERE kind = '{kind}'"));
        Assert.Equal(0, await worker.CountAsync("sweep WHERE kind IN ('reports', 'maintenance')"));
    }

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
        Assert.True(stopwatch.Elapsed < WorkerHost.StopBound, $"stopping took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Stop_DuringASweep_AbandonsItsRequestsAndClosesTheSweepRow()
    {
        Sandbox.Options.Faults.Kinds = FaultKinds.Latency;
        Sandbox.Options.Faults.Latency = TimeSpan.FromSeconds(30);
        Sandbox.Options.Faults.PathContains = "/guest/products/us/";
        Sandbox.Options.Faults.Probability = 1;
        await using var worker = await StartAsync();
        worker.Trigger(JobIds.Products);
        await WorkerHost.WaitUntilAsync(async () => await worker.CountAsync("price_change") > 0, "the first endpoint's prices");

        var stopwatch = Stopwatch.StartNew();
        await worker.Host.StopAsync(CancellationToken.None);

        Assert.True(stopwatch.Elapsed < WorkerHost.StopBound, $"stopping took {stopwatch.Elapsed}");
        Assert.Equal(1, await worker.CountAsync("sweep WHERE kind = 'products' AND finished_at IS NOT NULL"));
        Assert.True(await worker.CountAsync("price_change") > 0, "what was written before the stop stays");
    }

    [Fact]
    public async Task ReportsJob_WritesTheFullReportWithTheCsvExportsIntoTheReportsDirectory()
    {
        await using var worker = await StartAsync();
        worker.Trigger(JobIds.Prices);
        await worker.WaitForSweepsAsync(JobIds.Prices, 1);

        worker.Trigger(JobIds.Reports);

        // The report is built beside the folder and swapped in whole, so index.html appearing means every file is there.
        var folder = Path.Combine(Folder.Path, "reports");
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(folder, "index.html"))), "the report", seconds: 30);
        Assert.StartsWith("observed_at,provider,country,operator,product,price,qty", await File.ReadAllTextAsync(Path.Combine(folder, "prices.csv")), StringComparison.Ordinal);
        foreach (var file in new[] { "orders.csv", "payments.csv", "cheapest.csv", "price_stats.csv", "price_telegram.png", "price_heatmap.svg" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.Empty(Directory.GetDirectories(Folder.Path, "reports.tmp-*"));
        await worker.WaitForSweepsAsync(JobIds.Reports, 1); // the run is a row in our database too
        Assert.Equal(0, await worker.CountAsync("sweep WHERE kind = 'reports' AND (errors > 0 OR finished_at IS NULL)"));
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
}
