using System.Text.RegularExpressions;
using Dapper;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reliability;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>
/// The layers as a user meets them: the app run as a child process from a folder holding the shipped appsettings.json,
/// untouched, with the environment and a per-environment file on top.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class SettingsLayersTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string shipped = Path.Combine(AppProcess.RepositoryRoot, "appsettings.json");

    public SettingsLayersTests() => File.Copy(shipped, Path.Combine(folder.Path, "appsettings.json"));

    [PostgresFact]
    public async Task Environment_SwitchesToPostgreSqlAlone_SnapshotAndTheWorkerSweepIntoPostgreSqlAndNoSqliteFileIsMade()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), port: 0);
        await using var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var env = SandboxMarket.Environment(sandbox);
        env["Storage__Provider"] = "PostgreSql";
        env["Storage__ConnectionString"] = database.ConnectionString;
        env["Hangfire__Storage"] = "PostgreSql";
        env["Dashboard__Url"] = "http://127.0.0.1:0/hangfire"; // the shipped port may be taken on a shared machine

        var snapshot = await AppProcess.RunAsync(folder.Path, env, "snapshot");

        Assert.True(snapshot.ExitCode == ExitCodes.Ok, snapshot.Stderr);
        // The shipped SQLite keys are said to be unused, once, at Information; nothing is refused.
        Assert.Single(Regex.Matches(snapshot.Stderr,
            @" info: .*Not used: Storage:Database, Storage:MaxSizeMegabytes \(SQLite settings; Storage:Provider is PostgreSql\)"));
        await using (var connection = await database.OpenAsync())
        {
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sweep WHERE kind = 'snapshot' AND finished_at IS NOT NULL"));
            // Every shipped country and product, as the sandbox has them, is in PostgreSQL.
            Assert.Equal(10L, await connection.ExecuteScalarAsync<long>("""
                SELECT count(DISTINCT c.code) FROM price_latest l JOIN series s ON s.id = l.series_id JOIN country c ON c.id = s.country_id
                """));
        }

        // The worker: Hangfire's jobs in PostgreSQL too; the start sweeps (Schedules:SweepOnStart) run through them.
        using var app = AppProcess.Start(folder.Path, env, "run");
        await WorkerHost.WaitUntilAsync(async () => app.HasExited || await FinishedSweepsAsync(database, "prices") >= 1,
            "the worker's start sweep of prices", seconds: 120);
        Assert.False(app.HasExited, app.Stderr);
        Assert.Equal(0, await app.StopAsync(WorkerHost.StopBound * 2));
        Assert.Contains("Not used: Hangfire:Database (Hangfire's SQLite file; Hangfire:Storage is PostgreSql)", app.Stderr, StringComparison.Ordinal);
        await using (var connection = await database.OpenAsync())
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM hangfire.job") >= 1, "no Hangfire job in PostgreSQL");
        Assert.Empty(Directory.GetFiles(folder.Path, "*.db*", SearchOption.AllDirectories));
        Assert.Equal(File.ReadAllBytes(shipped), File.ReadAllBytes(Path.Combine(folder.Path, "appsettings.json")));
    }

    /// <summary>
    /// The README's move, from a folder with the shipped appsettings.json: sweep into SQLite, then copy-to-postgresql
    /// without arguments, with only the target's connection string in the environment (before the switch), or with the
    /// switch made there too (after it). Each copies data/smsbuyz.db whole, and neither is told a key is unused.
    /// </summary>
    [PostgresFact]
    public async Task CopyToPostgreSql_NoArgumentsShippedSettingsAndTheEnvironment_BeforeAndAfterTheSwitch()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), port: 0);
        var env = SandboxMarket.Environment(sandbox);
        var snapshot = await AppProcess.RunAsync(folder.Path, env, "snapshot");
        Assert.True(snapshot.ExitCode == ExitCodes.Ok, snapshot.Stderr);
        var server = await PostgresServer.GetAsync();

        foreach (var switched in new[] { false, true })
        {
            await using var target = await server.CreateDatabaseAsync();
            var copyEnv = new Dictionary<string, string>(env) { ["Storage__ConnectionString"] = target.ConnectionString };
            if (switched)
            {
                copyEnv["Storage__Provider"] = "PostgreSql";
                copyEnv["Hangfire__Storage"] = "PostgreSql";
            }

            var copy = await AppProcess.RunAsync(folder.Path, copyEnv, "copy-to-postgresql");

            Assert.True(copy.ExitCode == ExitCodes.Ok, copy.Stderr);
            Assert.Contains($"copied {Path.Combine(folder.Path, "data", "smsbuyz.db")} to ", copy.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("Not used", copy.Stderr, StringComparison.Ordinal);
            await using var connection = await target.OpenAsync();
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sweep WHERE kind = 'snapshot'"));
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM price_latest") > 0);
        }
    }

    [Fact]
    public async Task EnvironmentFile_DotnetEnvironmentNamesIt_ReadOverTheShippedFileItsRulesReplacingTheSampleRule()
    {
        File.WriteAllText(Path.Combine(folder.Path, "appsettings.Production.json"), """
            {"Rules": [{"Name": "prod-rule", "Product": "telegram", "Countries": ["ru"], "MaxPrice": 1}]}
            """);

        var production = await AppProcess.RunAsync(folder.Path, Env("Production"), "rules", "check");
        var unset = await AppProcess.RunAsync(folder.Path, Env(""), "rules", "check");
        var staging = await AppProcess.RunAsync(folder.Path, Env("Staging"), "rules", "check");

        foreach (var read in new[] { production, unset }) // Production is .NET's default
        {
            Assert.True(read.ExitCode == ExitCodes.Ok, read.Stderr);
            Assert.Contains("1 rule(s) valid", read.Stdout, StringComparison.Ordinal);
            // Replaced, not merged by index with the sample rule: its "Enabled": false would otherwise hold.
            Assert.Contains("prod-rule: would not fire: no stored offer", read.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("telegram-ru-cheap", read.Stdout, StringComparison.Ordinal);
        }
        Assert.True(staging.ExitCode == ExitCodes.Ok, staging.Stderr);
        Assert.Contains("telegram-ru-cheap: would not fire: disabled", staging.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-rule", staging.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspelledKey_InTheEnvironmentFileOrTheEnvironment_StillRefusedWithTheKeyMeant()
    {
        File.WriteAllText(Path.Combine(folder.Path, "appsettings.Production.json"), """{"Storage": {"Databse": "x.db"}}""");
        var env = Env("Production");
        env["AutoBuy__DailyBuget"] = "1";

        var result = await AppProcess.RunAsync(folder.Path, env, "status");

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("Storage:Databse is not a setting; did you mean Database?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("AutoBuy:DailyBuget is not a setting; did you mean DailyBudget?", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.db*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ConnectionStringOnSqlite_NotRefused_SaidOnceAtInformationThatItIsNotUsed()
    {
        var env = Env("");
        env["Storage__ConnectionString"] = "Host=db.example.com;Database=smsbuyz";

        var result = await AppProcess.RunAsync(folder.Path, env, "status");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stderr);
        Assert.Single(Regex.Matches(result.Stderr, @" info: .*Not used: Storage:ConnectionString \(a PostgreSQL setting; Storage:Provider is Sqlite\)"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "data", "smsbuyz.db")));
    }

    private static Dictionary<string, string> Env(string environment) => new()
    {
        [AppHost.EnvironmentVariable] = environment,
        ["DOTNET_NOLOGO"] = "1",
        ["SmsBuyz__BaseUrl"] = "http://127.0.0.1:9/v1", // never reached by these commands
    };

    private static async Task<long> FinishedSweepsAsync(PostgresDatabase database, string kind)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sweep WHERE kind = @kind AND finished_at IS NOT NULL", new { kind });
    }

    public void Dispose() => folder.Dispose();
}
