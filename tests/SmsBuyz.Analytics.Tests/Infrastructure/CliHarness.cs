using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// Runs the real command line in-process against a temp folder holding a config file and a database: a SQLite file in
/// the folder, or a database of its own on the test run's PostgreSQL cluster (<see cref="PostgresServer"/>), dropped
/// on dispose.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "smsbuyz-cli-tests", Guid.NewGuid().ToString("N"));
    public string ConfigPath => Path.Combine(Directory, "settings.json");
    public string DatabasePath => Path.Combine(Directory, "cli.db");
    public StorageProvider Storage { get; }

    /// <summary>This harness's own PostgreSQL database (null on SQLite).</summary>
    public PostgresDatabase? Postgres { get; }

    public CliHarness(object? settings = null)
        : this(StorageProvider.Sqlite, settings)
    {
    }

    public CliHarness(StorageProvider storage, object? settings = null)
    {
        Storage = storage;
        System.IO.Directory.CreateDirectory(Directory);
        if (storage == StorageProvider.PostgreSql)
            Postgres = Task.Run(async () => await (await PostgresServer.GetAsync()).CreateDatabaseAsync()).GetAwaiter().GetResult();
        WriteConfig(settings ?? new { });
    }

    /// <summary>The settings that name this harness's database, for <see cref="TestServices"/> on the same one.</summary>
    public Dictionary<string, string?> StorageSettings => Postgres is null
        ? new() { ["Storage:Database"] = DatabasePath }
        : new() { ["Storage:Provider"] = nameof(StorageProvider.PostgreSql), ["Storage:ConnectionString"] = Postgres.ConnectionString };

    /// <summary>The app's services on this harness's database, migrated.</summary>
    public Task<TestServices> ServicesAsync() => new TestServices(Storage, StorageSettings).MigrateAsync();

    /// <summary>Writes the config file; Storage always points at this harness's database unless the settings name one.</summary>
    public void WriteConfig(object settings)
    {
        var json = JsonSerializer.SerializeToNode(settings)!.AsObject();
        json[StorageOptions.Section] ??= Postgres is null
            ? new System.Text.Json.Nodes.JsonObject { ["Database"] = DatabasePath }
            : new System.Text.Json.Nodes.JsonObject { ["Provider"] = nameof(StorageProvider.PostgreSql), ["ConnectionString"] = Postgres.ConnectionString };
        File.WriteAllText(ConfigPath, json.ToJsonString());
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A connection to this harness's database (the command line's migrations must have run).</summary>
    public async Task<DbConnection> OpenAsync()
    {
        if (Postgres is not null)
            return await Postgres.OpenAsync();
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The bench's command line (its own project, <c>sweep|ingest|query</c>), in-process as <see cref="RunAsync"/>.</summary>
    public async Task<CliResult> RunBenchAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BenchApp.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Postgres is not null)
            Task.Run(async () => await Postgres.DisposeAsync()).GetAwaiter().GetResult();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
