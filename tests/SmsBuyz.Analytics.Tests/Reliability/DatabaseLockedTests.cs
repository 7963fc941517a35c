using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// The database locked by another process: the command waits <c>Storage:BusyTimeoutSeconds</c>, no less and not much
/// more, fails naming the file, and resumes once the lock is gone. The bound is on the whole command's time, set for the
/// machine alone, so it runs after every other collection (<see cref="RunsAlone"/>).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class DatabaseLockedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BusyWaitMargin = TimeSpan.FromMilliseconds(750);

    [Fact]
    public async Task Snapshot_DatabaseLockedByAnotherWriter_WaitsBusyTimeoutFailsNamingFileThenResumes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 10 }, port: 0, time);
        using var cli = new CliHarness();
        cli.WriteConfig(DatabaseFaultTests.Settings(sandbox, cli, busySeconds: (int)BusyTimeout.TotalSeconds, maxMegabytes: 0));
        Assert.Equal(0, (await cli.RunAsync("snapshot", "--config", cli.ConfigPath)).ExitCode);

        CliResult locked;
        TimeSpan waited;
        using (var holder = Db.Open(cli.DatabasePath, readOnly: false))
        {
            holder.Execute("BEGIN IMMEDIATE; INSERT INTO sweep (kind, plan, started_at) VALUES ('other process', '', 0);");
            // The whole command, in this process and warm from the run above: a few tenths of a second besides the wait.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            locked = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);
            waited = clock.Elapsed;
            holder.Execute("ROLLBACK");
        }
        time.Advance(TimeSpan.FromMinutes(10));
        var resumed = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        Assert.NotEqual(0, locked.ExitCode);
        // Never before the setting (a loaded machine only makes it later). After it by Microsoft.Data.Sqlite's 150 ms
        // between two tries of a busy statement, the command's start and settings checks around the wait, and room for
        // a loaded machine: short of a wait twice the setting.
        Assert.True(waited >= BusyTimeout, $"gave up after {waited.TotalSeconds:F2} s, before Storage:BusyTimeoutSeconds ({BusyTimeout.TotalSeconds} s)");
        Assert.True(waited <= BusyTimeout + BusyWaitMargin,
            $"gave up after {waited.TotalSeconds:F2} s, over {BusyWaitMargin.TotalSeconds} s past Storage:BusyTimeoutSeconds ({BusyTimeout.TotalSeconds} s)");
        Assert.Contains(cli.DatabasePath, locked.Stdout + locked.Stderr, StringComparison.Ordinal);
        Assert.Contains("locked", locked.Stdout + locked.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", Db.IntegrityCheck(cli.DatabasePath));
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.Equal(SandboxMarket.Expected(sandbox), Db.Latest(cli.DatabasePath));
        output.WriteLine($"locked: exit {locked.ExitCode} after {waited.TotalSeconds:F2} s: {(locked.Stderr + locked.Stdout).Trim()}");
    }
}
