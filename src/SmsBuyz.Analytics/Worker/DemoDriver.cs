using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Drives a running worker faster than its crons can (Hangfire crons count in minutes): triggers the registered
/// sweep jobs every <paramref name="every"/> through the same recurring-job path the scheduler uses.
/// </summary>
public sealed class DemoDriver(TimeSpan duration, TimeSpan every, TimeProvider time)
{
    private static readonly string[] SweepJobIds = [JobIds.Products, JobIds.Prices, JobIds.Account];
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var storage = services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var registered = connection.GetRecurringJobs().Select(j => j.Id).Intersect(SweepJobIds).ToList();

        using var deadline = new CancellationTokenSource(duration, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var timer = new PeriodicTimer(every, time);
        do
        {
            foreach (var id in registered)
                jobs.Trigger(id);
        }
        while (await Tick(timer, stop.Token));

        // Let the last sweeps finish rather than cut them off, unless the user asked to stop now.
        var drainUntil = time.GetUtcNow() + DrainTimeout;
        var monitoring = storage.GetMonitoringApi();
        while (!ct.IsCancellationRequested && time.GetUtcNow() < drainUntil
               && (monitoring.ProcessingCount() > 0 || monitoring.EnqueuedCount("default") > 0))
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, CancellationToken.None);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
