using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>The app's real host (the one <c>run</c> uses) on files in a temp folder, with captured logs.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    /// <summary>
    /// How long a stop may take: the worker's documented bound (Hangfire's 10 s shutdown timeout and 5 s more), sized
    /// for a loaded machine, and still well under the 30 s a stop test's hanging request would take to give up on its own.
    /// </summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(15);

    private WorkerHost(IHost host) => Host = host;

    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;
    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>A cron that does not fire during a test: tests trigger jobs themselves and count what they ran.</summary>
    public const string NeverCron = "0 0 1 1 *";

    /// <param name="folder">Holds app.db and hangfire.db; the same folder again means a restart on the same files.</param>
    /// <param name="defaultSchedules">
    /// Keep the app's schedules. Otherwise every job's cron is <see cref="NeverCron"/>, so that a test running across a
    /// five-minute boundary on a slow machine does not get a sweep it did not trigger.
    /// </param>
    public static async Task<WorkerHost> CreateAsync(string folder, IDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null, bool defaultSchedules = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Database"] = Path.Combine(folder, "app.db"),
            ["Hangfire:Database"] = Path.Combine(folder, "hangfire.db"),
            ["Dashboard:Enabled"] = "false",
            ["Schedules:SweepOnStart"] = "false", // tests trigger jobs themselves; WorkerRunTests covers the start sweep
            ["Worker:ReportsDirectory"] = Path.Combine(folder, "reports"),
            ["SmsBuyz:RequestsPerSecond"] = "1000",
            ["SmsBuyz:TimeoutSeconds"] = "5",
            ["Monitor:Countries:0"] = "ru",
            ["Monitor:Countries:1"] = "us",
            ["Monitor:Products:0"] = "telegram",
        };
        if (!defaultSchedules)
        {
            foreach (var job in new[] { "Products", "Prices", "Account", "Reports", "Maintenance" })
                values[$"Schedules:{job}"] = NeverCron;
        }
        foreach (var (key, value) in settings)
            values[key] = value;
        var builder = AppHost.CreateBuilder(null, values);
        builder.Logging.AddFakeLogging();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        return new WorkerHost(host);
    }

    public List<RecurringJobDto> RecurringJobs()
    {
        using var connection = Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().OrderBy(j => j.Id, StringComparer.Ordinal).ToList();
    }

    public void Trigger(string jobId) => Services.GetRequiredService<IRecurringJobManager>().Trigger(jobId);

    public async Task<long> CountAsync(string tableAndWhere)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {tableAndWhere}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public Task WaitForSweepsAsync(string kind, int count) => WaitUntilAsync(
        async () => await CountAsync($"sweep WHERE kind = '{kind}' AND finished_at IS NOT NULL") >= count, $"{count} finished {kind} sweeps");

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
