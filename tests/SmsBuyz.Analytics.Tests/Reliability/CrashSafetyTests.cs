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
        var killed = 0;

        for (var i = 0; i < kills; i++)
        {
            time.Advance(TimeSpan.FromMinutes(7)); // the market moves between runs, so every sweep has changes to write
            using var app = AppProcess.Start(dir, env, i % 2 == 0 ? "snapshot" : "run", "--config", config);
            await Task.Delay(random.Next(300, 1500));
            if (!app.HasExited)
            {
                app.Kill();
                killed++;
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
            output.WriteLine($"{killed} of {kills} runs SIGKILLed mid-way, {interrupted} sweeps closed as interrupted by the next run, integrity ok, final sweep complete");
        }
        Assert.True(killed >= kills / 4, $"only {killed} of {kills} runs were still going when killed");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}

/// <summary>
/// Tests that start app processes (each a whole .NET runtime) or run long soaks go one at a time and alone: on a
/// 2-core machine they would otherwise starve the timing-sensitive tests running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChildProcesses
{
    public const string Name = "child processes";
}
