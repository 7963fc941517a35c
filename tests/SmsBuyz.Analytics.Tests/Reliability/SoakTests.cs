using System.Diagnostics;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// Back-to-back sweeps of a market 10× the sandbox default (100 countries × 200 products) while the market moves:
/// memory stays flat, no file descriptor (socket, database handle) leaks, and sweeps do not get slower.
/// 25 s by default; SMSBUYZ_SOAK_MINUTES for a long run.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sweeps_TenfoldMarketBackToBack_MemoryFlatNoLeakedHandlesNoCreep()
    {
        var duration = double.TryParse(Environment.GetEnvironmentVariable("SMSBUYZ_SOAK_MINUTES"), out var m)
            ? TimeSpan.FromMinutes(m) : TimeSpan.FromSeconds(25);
        await using var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 100, Products = 200 }, sandbox =>
        {
            var countries = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().ToList();
            var settings = countries.Select((c, i) => ($"Monitor:Countries:{i}", (string?)c)).ToDictionary();
            settings["Monitor:Operators:0"] = "any";
            settings["Monitor:Products:0"] = "*";
            return settings;
        });
        await SweepAsync(env); // warm: the first sweep creates every series and fills the caches
        var (memoryStart, fdStart) = Measure();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration || latencies.Count < 4)
        {
            env.Services.Time.Advance(TimeSpan.FromMinutes(5));
            latencies.Add(await SweepAsync(env));
        }
        var (memoryEnd, fdEnd) = Measure();

        var half = latencies.Count / 2;
        var (early, late) = (Median(latencies.Take(half)), Median(latencies.Skip(latencies.Count - half)));
        output.WriteLine($"{latencies.Count} sweeps in {clock.Elapsed.TotalSeconds:0} s; working set {memoryStart / 1048576} → {memoryEnd / 1048576} MB; "
            + $"open fds {fdStart} → {fdEnd}; median sweep {early:0.00} s early, {late:0.00} s late");
        Assert.Equal("ok", Db.IntegrityCheck(env.Services.DatabasePath));
        Assert.Equal(SandboxMarket.Expected(env.Sandbox), Db.Latest(env.Services.DatabasePath));
        // Loose bounds: other tests run in this process at the same time on a shared 2-core machine.
        Assert.True(fdEnd <= fdStart + 40, $"open file descriptors grew from {fdStart} to {fdEnd}");
        Assert.True(memoryEnd <= memoryStart * 2 + 200L * 1048576, $"working set grew from {memoryStart} to {memoryEnd}");
        Assert.True(late <= early * 3 + 1, $"sweeps crept from {early:0.00} s to {late:0.00} s");
    }

    private static async Task<double> SweepAsync(SandboxEnvironment env)
    {
        var clock = Stopwatch.StartNew();
        var summary = await env.Services.Get<SnapshotRunner>().RunAsync("soak", SweepParts.All, CancellationToken.None);
        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures));
        return clock.Elapsed.TotalSeconds;
    }

    private static (long WorkingSet, int OpenFds) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, Directory.GetFileSystemEntries("/proc/self/fd").Length);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
