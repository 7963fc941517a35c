using Dapper;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// SIGKILL the app (snapshot and the run worker, alternately) at random points of its sweeps, many times, on one
/// database: it stays intact, every sweep is whole or visibly unfinished, and the next sweep stores the market exactly.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sweep_KilledAtRandomPoints_DatabaseIntactAndNextSweepStoresTheMarket()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("SMSBUYZ_KILLS"), out var k) ? k : 20;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { ApiKey = "sandbox-key" }, port: 0, time);
        var dir = Directory.CreateTempSubdirectory("smsbuyz-crash-").FullName;
        var db = Path.Combine(dir, "crash.db");
        var config = Path.Combine(dir, "settings.json");
        File.WriteAllText(config, SandboxMarket.SettingsJson(sandbox, db, Path.Combine(dir, "hangfire.db")));
        var env = SandboxMarket.Environment(sandbox);
        env["SmsBuyz__ApiKey"] = "sandbox-key";
        var random = new Random(20260115);
        var (killed, midSweep, leftOpen) = (0, 0, 0L);

        for (var i = 0; i < kills; i++)
        {
            time.Advance(TimeSpan.FromMinutes(7)); // the market moves between runs, so every sweep has changes to write
            var before = File.Exists(db) ? Db.Count(db, "sweep") : 0;
            using var app = AppProcess.Start(dir, env, i % 2 == 0 ? "snapshot" : "run", "--config", config);
            // Kill at a random point of a sweep, not of the process's start-up: wait until this run has begun one.
            await WaitForAsync(() => app.HasExited || (File.Exists(db) && Db.Count(db, $"sweep WHERE id > {before}") > 0));
            await Task.Delay(random.Next(0, 400));
            if (!app.HasExited)
            {
                app.Kill();
                killed++;
                // A kill "mid-sweep" left a sweep this run started unfinished; one during start-up left none.
                var open = File.Exists(db) ? Db.Count(db, $"sweep WHERE id > {before} AND finished_at IS NULL") : 0;
                midSweep += open > 0 ? 1 : 0;
                leftOpen += open;
            }
        }
        var integrity = Db.IntegrityCheck(db);
        var final = await AppProcess.RunAsync(dir, env, "snapshot", "--config", config);

        Assert.Equal("ok", integrity);
        Assert.True(final.ExitCode == 0, final.Stdout + final.Stderr);
        Assert.Equal("ok", Db.IntegrityCheck(db));
        Assert.Equal(SandboxMarket.Expected(sandbox), Db.Latest(db));
        Assert.Equal(0, Db.ImpossibleRows(db));
        using (var connection = Db.Open(db))
        {
            // Whole: finished, its error count matching its error rows; the ones killed mid-way were closed by the final run.
            var inconsistent = connection.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM sweep s WHERE s.finished_at IS NOT NULL
                AND s.errors <> (SELECT COUNT(*) FROM sweep_error e WHERE e.sweep_id = s.id)
                """);
            Assert.Equal(0, inconsistent);
            Assert.Equal(0, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sweep WHERE finished_at IS NULL"));
            var interrupted = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sweep_error WHERE kind = 'Interrupted'");
            output.WriteLine($"{killed} of {kills} runs SIGKILLed while running, {midSweep} of them mid-sweep leaving {leftOpen} sweeps open; "
                + $"{interrupted} sweeps closed as interrupted by a later run, integrity ok, final sweep complete");
            Assert.Equal(leftOpen, interrupted); // every sweep a kill left open, and only those, closed as interrupted
        }
        Assert.True(midSweep >= kills / 4, $"only {midSweep} of {kills} runs were killed in the middle of a sweep");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!SafeCheck(condition) && DateTime.UtcNow < until)
            await Task.Delay(20);
    }

    /// <summary>A database still being created by the child may not have the sweep table yet.</summary>
    private static bool SafeCheck(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }
}
