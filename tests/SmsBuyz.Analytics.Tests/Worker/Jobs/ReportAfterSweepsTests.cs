using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Tests.Worker.Jobs;

/// <summary>
/// A scheduled report runs after the market sweeps of its minute, on the fake clock: the test moves time in the
/// waiter's own poll steps and watches when it lets the report go.
/// </summary>
public sealed class ReportAfterSweepsTests
{
    /// <summary>12:00: the default schedules' hourly report and five-minute sweeps meet.</summary>
    private static readonly DateTimeOffset OnTheHour = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task WaitAsync_TheMinutesSweepIsRunning_WaitsUntilItEnds()
    {
        await using var services = await new TestServices(time: new FakeTimeProvider(OnTheHour)).MigrateAsync();
        var gate = services.Get<JobGate>();
        var release = new TaskCompletionSource();
        var prices = await StartRunAsync(gate, JobIds.Prices, release.Task);
        var products = await StartRunAsync(gate, JobIds.Products, Task.CompletedTask);
        await products;

        var waiting = services.Get<ReportAfterSweeps>().WaitAsync(CancellationToken.None);
        await AdvanceAsync(services.Time, waiting, TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        await prices;
        await AdvanceAsync(services.Time, waiting, TimeSpan.FromSeconds(5));

        Assert.True(waiting.IsCompleted);
        Assert.InRange(await waiting, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) + Step);
    }

    [Fact]
    public async Task WaitAsync_TheMinutesSweepHasNotStarted_WaitsForItToStartAndEnd()
    {
        await using var services = await new TestServices(time: new FakeTimeProvider(OnTheHour)).MigrateAsync();
        var gate = services.Get<JobGate>();

        var waiting = services.Get<ReportAfterSweeps>().WaitAsync(CancellationToken.None);
        await AdvanceAsync(services.Time, waiting, TimeSpan.FromSeconds(2));
        Assert.False(waiting.IsCompleted);
        await (await StartRunAsync(gate, JobIds.Products, Task.CompletedTask));
        await AdvanceAsync(services.Time, waiting, TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted); // prices is due too
        await (await StartRunAsync(gate, JobIds.Prices, Task.CompletedTask));
        await AdvanceAsync(services.Time, waiting, TimeSpan.FromSeconds(1));

        Assert.True(waiting.IsCompleted);
        Assert.InRange(await waiting, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + Step);
    }

    [Fact]
    public async Task WaitAsync_ADueSweepNeverStarts_WaitsOnlyTheGrace()
    {
        await using var services = await new TestServices(time: new FakeTimeProvider(OnTheHour)).MigrateAsync();

        var waiting = services.Get<ReportAfterSweeps>().WaitAsync(CancellationToken.None);
        await AdvanceAsync(services.Time, waiting, ReportAfterSweeps.StartGrace + TimeSpan.FromSeconds(1));

        Assert.True(waiting.IsCompleted);
        Assert.Equal(ReportAfterSweeps.StartGrace, await waiting);
    }

    [Theory]
    [InlineData(1)] // 12:01: no five-minute sweep is due
    [InlineData(5)] // 12:05, but the sweeps are scheduled at minute 7 of the hour only
    public async Task WaitAsync_NoSweepDueOrRunning_DoesNotWait(int minute)
    {
        var settings = new Dictionary<string, string?>();
        if (minute == 5)
            (settings["Schedules:Products"], settings["Schedules:Prices"]) = ("7 * * * *", "7 * * * *");
        await using var services = await new TestServices(settings, new FakeTimeProvider(OnTheHour.AddMinutes(minute).AddSeconds(3))).MigrateAsync();

        var waited = await services.Get<ReportAfterSweeps>().WaitAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact]
    public async Task WaitAsync_ASweepRunningFromAnEarlierMinute_IsWaitedFor_AtMostMaxWait()
    {
        // 12:01: nothing is due, but the prices sweep of 12:00 is still going, and never ends while the report waits.
        await using var services = await new TestServices(time: new FakeTimeProvider(OnTheHour)).MigrateAsync();
        var release = new TaskCompletionSource();
        var prices = await StartRunAsync(services.Get<JobGate>(), JobIds.Prices, release.Task);
        services.Time.Advance(TimeSpan.FromMinutes(1));

        var waiting = services.Get<ReportAfterSweeps>().WaitAsync(CancellationToken.None);
        await AdvanceAsync(services.Time, waiting, ReportAfterSweeps.MaxWait + TimeSpan.FromSeconds(1));
        release.SetResult();
        await prices;

        Assert.True(waiting.IsCompleted);
        Assert.Equal(ReportAfterSweeps.MaxWait, await waiting);
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message == "Report started after waiting 120.0 s for the market sweeps of its minute (still going: prices)");
    }

    /// <summary>A run of <paramref name="jobId"/> through the gate that holds it until <paramref name="release"/>; returns once it runs.</summary>
    private static async Task<Task<bool>> StartRunAsync(JobGate gate, string jobId, Task release)
    {
        var started = new TaskCompletionSource();
        var running = gate.RunExclusiveAsync(jobId, async _ =>
        {
            started.SetResult();
            await release;
        }, CancellationToken.None);
        await started.Task;
        return running;
    }

    /// <summary>Moves the clock by <paramref name="span"/> in poll steps, letting the waiter look after each, until it is done.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, Task waiting, TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span && !waiting.IsCompleted; moved += Step)
        {
            time.Advance(Step);
            await Task.WhenAny(waiting, Task.Delay(20));
        }
    }
}
