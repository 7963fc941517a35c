using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SmsBuyz.Analytics.Worker;

/// <summary>Runs the host's hosted services (registrar, Hangfire server, dashboard) until stopped.</summary>
public static class WorkerRunner
{
    /// <summary>
    /// Returns when <paramref name="ct"/> is cancelled (Ctrl+C, SIGTERM, the demo's timer) or the host stops
    /// itself. Stopping cancels the running jobs' tokens: a sweep abandons its open requests, keeps what it
    /// already committed (one transaction per endpoint) and closes its sweep row with how far it got.
    /// </summary>
    public static async Task RunAsync(IServiceProvider services, CancellationToken ct, Func<IServiceProvider, CancellationToken, Task>? whileRunning = null)
    {
        // Opening the job storage first takes the Hangfire file's lock, and on PostgreSQL the scheduler lock, so a second
        // worker that would run the jobs twice fails before anything starts.
        services.GetRequiredService<Hangfire.JobStorage>();
        await services.GetRequiredService<HangfireStorage>().ClaimSchedulingAsync(ct);
        var host = services.GetRequiredService<IHost>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(ct);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            if (whileRunning is not null)
                await whileRunning(services, stop.Token);
            else
                await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
