using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// The app's real service graph on a fresh SQLite file in a temp folder, with a fake clock and captured logs.
/// </summary>
public sealed class TestServices : IAsyncDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "smsbuyz-tests", Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Directory, "test.db");
    public FakeTimeProvider Time { get; }
    public FakeLogCollector Logs { get; }
    public ServiceProvider Provider { get; }

    public TestServices(IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        System.IO.Directory.CreateDirectory(Directory);
        var values = new Dictionary<string, string?> { ["Storage:Database"] = DatabasePath };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        AppHost.AddServices(services, configuration);
        services.AddSingleton<TimeProvider>(Time);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Logs = Provider.GetRequiredService<FakeLogCollector>();
    }

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public async Task<TestServices> MigrateAsync()
    {
        await Get<Migrator>().MigrateAsync(CancellationToken.None);
        return this;
    }

    public async Task<SqliteConnection> OpenAsync() => await Get<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
