using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// The app's real service graph with a fake clock and captured logs, on a fresh database of the given provider: a
/// SQLite file in a temp folder, or a database of its own on the test run's PostgreSQL cluster
/// (<see cref="PostgresServer"/>), dropped on dispose. A test over both providers is a theory:
/// <c>[Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]</c>.
/// Settings given win: <see cref="StorageSettings"/> of one instance points another at the same database.
/// </summary>
public sealed class TestServices : IAsyncDisposable
{
    /// <summary>For the SQLite file and any other file a test writes; made on every provider.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "smsbuyz-tests", Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Directory, "test.db");
    public StorageProvider Storage { get; }

    /// <summary>This instance's own PostgreSQL database (null on SQLite, or when the settings named one).</summary>
    public PostgresDatabase? Postgres { get; }

    /// <summary>The settings that name this instance's database.</summary>
    public IReadOnlyDictionary<string, string?> StorageSettings { get; }

    public FakeTimeProvider Time { get; }
    public FakeLogCollector Logs { get; }
    public ServiceProvider Provider { get; }

    public TestServices(IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
        : this(StorageProvider.Sqlite, settings, time)
    {
    }

    public TestServices(StorageProvider storage, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null)
    {
        Storage = storage;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        System.IO.Directory.CreateDirectory(Directory);
        settings ??= new Dictionary<string, string?>();
        var values = new Dictionary<string, string?>();
        if (storage == StorageProvider.Sqlite)
            values["Storage:Database"] = DatabasePath;
        else
        {
            values["Storage:Provider"] = nameof(StorageProvider.PostgreSql);
            if (!settings.ContainsKey("Storage:ConnectionString"))
            {
                // Not on this thread's synchronization context: xunit's has as many threads as cores, all of them may wait here.
                Postgres = Task.Run(async () => await (await PostgresServer.GetAsync()).CreateDatabaseAsync()).GetAwaiter().GetResult();
                values["Storage:ConnectionString"] = Postgres.ConnectionString;
            }
        }
        foreach (var (key, value) in settings)
            values[key] = value;
        StorageSettings = values.Where(v => v.Key.StartsWith("Storage:", StringComparison.Ordinal)).ToDictionary();
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

    /// <summary>The configured provider's id (its row made at the first call).</summary>
    public async Task<long> ProviderAsync() => (await Get<Identities>().ProviderAsync(CancellationToken.None)).Id;

    /// <summary>The account <paramref name="id"/> at the configured provider, as a profile read naming it makes it (and uses it from then on).</summary>
    public Task<AccountRef> AccountAsync(long id = 42) =>
        Get<Identities>().LearnAsync(new Profile(id, $"u{id}@example.com", 10m, 0m, null), CancellationToken.None);

    /// <summary>A connection to the database, of either provider.</summary>
    public async Task<DbConnection> OpenAsync() => await Get<Database>().OpenAsync(CancellationToken.None);

    /// <summary>A connection to the SQLite file, for tests of SQLite's own behaviour.</summary>
    public async Task<SqliteConnection> OpenSqliteAsync() =>
        await Get<Database>().SqliteOnly("this test").OpenSqliteAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Postgres is not null)
            await Postgres.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
