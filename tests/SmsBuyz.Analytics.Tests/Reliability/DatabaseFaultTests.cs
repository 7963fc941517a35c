using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// The database full, or read-only: a clear error naming the file, nothing corrupted, resumes when fixed. (Locked by
/// another process, with a bound on the wait: <see cref="DatabaseLockedTests"/>.)
/// </summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Snapshot_DatabaseFull_FailsNamingFileKeepsItIntactAndResumesWhenRaised()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 40, Products = 200 }, port: 0, time);
        using var cli = new CliHarness();
        cli.WriteConfig(Settings(sandbox, cli, busySeconds: 5, maxMegabytes: 1));

        var full = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);
        var integrity = Db.IntegrityCheck(cli.DatabasePath);
        cli.WriteConfig(Settings(sandbox, cli, busySeconds: 5, maxMegabytes: 0));
        var resumed = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        Assert.Equal(1, full.ExitCode);
        Assert.Contains($"database {cli.DatabasePath}", full.Stdout + full.Stderr, StringComparison.Ordinal);
        Assert.Contains("full", full.Stdout + full.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", integrity);
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.Equal("ok", Db.IntegrityCheck(cli.DatabasePath));
        Assert.Equal(SandboxMarket.Expected(sandbox), Db.Latest(cli.DatabasePath));
        Assert.Equal(0, Db.ImpossibleRows(cli.DatabasePath));
        output.WriteLine($"full: {full.Stdout.Split('\n')[0]}; resumed at {new FileInfo(cli.DatabasePath).Length / 1024} KB");
    }

    [RootOnLinuxFact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Snapshot_ReadOnlyDatabaseFile_FailsNamingFileAndResumesWhenWritable()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 10 }, port: 0, time);
        var dir = Directory.CreateTempSubdirectory("smsbuyz-readonly-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var db = Path.Combine(dir, "ro.db");
        var config = Path.Combine(dir, "settings.json");
        File.WriteAllText(config, SandboxMarket.SettingsJson(sandbox, db, Path.Combine(dir, "hangfire.db")));
        var env = SandboxMarket.Environment(sandbox);
        env["HOME"] = dir;
        env["DOTNET_CLI_HOME"] = dir;
        Assert.Equal(0, (await AppProcess.RunAsync(dir, env, "snapshot", "--config", config)).ExitCode);
        File.SetUnixFileMode(db, (UnixFileMode)0b100_100_100);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        time.Advance(TimeSpan.FromMinutes(10));

        var readOnly = await AppProcess.RunAsync(dir, env, AppProcess.AsNobody, "snapshot", "--config", config);
        var integrity = Db.IntegrityCheck(db);
        File.SetUnixFileMode(db, (UnixFileMode)0b110_100_100);
        var resumed = await AppProcess.RunAsync(dir, env, "snapshot", "--config", config);

        Assert.Equal(1, readOnly.ExitCode);
        Assert.Contains($"database {db}", readOnly.Stderr, StringComparison.Ordinal);
        Assert.Contains("readonly", readOnly.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", integrity);
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.Equal(SandboxMarket.Expected(sandbox), Db.Latest(db));
        output.WriteLine($"read-only: exit {readOnly.ExitCode}: {readOnly.Stderr.Trim()}");
        Directory.Delete(dir, recursive: true);
    }

    internal static Dictionary<string, object> Settings(SandboxServer sandbox, CliHarness cli, int busySeconds, int maxMegabytes)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, object>>(SandboxMarket.SettingsJson(sandbox, cli.DatabasePath, cli.PathOf("hangfire.db")))!;
        json["Storage"] = new { Database = cli.DatabasePath, BusyTimeoutSeconds = busySeconds, MaxSizeMegabytes = maxMegabytes };
        json["SmsBuyz"] = new { BaseUrl = sandbox.BaseUrl.ToString(), ApiKey = sandbox.Options.ApiKey, RequestsPerSecond = 1000, TimeoutSeconds = 10 };
        return json;
    }
}
