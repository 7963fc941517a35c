using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Bench;

/// <summary>The market <c>bench sweep</c> builds in the sandbox, the round trip added to every answer, and the rate limit.</summary>
internal sealed record SweepBenchMarket(int Countries, int Operators, int Products, int LatencyMs, double RequestsPerSecond, int Sweeps)
{
    /// <summary>Every country has these, so each configured (country, operator) exists, as in the naive plan.</summary>
    public static readonly string[] OperatorNames =
        ["Virtual1", "mts", "beeline", "megafon", "tele2", "vodafone", "orange", "tmobile", "att", "verizon", "o2", "three"];

    public const int ConfiguredProducts = 5;
}

/// <summary>
/// <c>bench sweep</c>: the app's market sweep (<see cref="SweepRunner"/>, products and prices parts) and the plain
/// sequential script (<see cref="SequentialScript"/>) take turns on the same sandbox, sweep by sweep, so each figure
/// has its reference measured minutes apart at most. The first sweep finds an empty database (every series is new).
/// </summary>
internal static class SweepBench
{
    public static async Task<SandboxServer> StartSandboxAsync(SweepBenchMarket m, CancellationToken ct)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            Countries = m.Countries, Products = m.Products, Operators = SweepBenchMarket.OperatorNames[..m.Operators],
        }, cancellationToken: ct);
        sandbox.Options.Faults.Kinds = FaultKinds.Latency;
        sandbox.Options.Faults.Latency = TimeSpan.FromMilliseconds(m.LatencyMs);
        sandbox.Options.Faults.Probability = m.LatencyMs > 0 ? 1 : 0;
        return sandbox;
    }

    /// <summary>Every country, "any" and every operator, the first products (the sandbox's telegram, whatsapp, ...).</summary>
    public static (List<string> Countries, List<string> Operators, List<string> Products) Configuration(SandboxServer sandbox, SweepBenchMarket m)
    {
        var offers = sandbox.State.CurrentOffers();
        return ([.. offers.Select(o => o.CountryIso).Distinct()], ["any", .. SweepBenchMarket.OperatorNames[..m.Operators]],
            [.. offers.Select(o => o.Product).Distinct().Take(SweepBenchMarket.ConfiguredProducts)]);
    }

    public static Dictionary<string, string?> Settings(SandboxServer sandbox, SweepBenchMarket m, string database) => new()
    {
        ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
        ["SmsBuyz:RequestsPerSecond"] = m.RequestsPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Storage:Database"] = database,
    };

    /// <summary>
    /// The bench's settings file: quiet logs, and the market's lists. Lists go in a file, where they replace the lists
    /// of ./appsettings.json; given as indexed keys they would be merged with them, element by element (ten configured
    /// countries where the market has three).
    /// </summary>
    public static string SettingsFile(SandboxServer sandbox, SweepBenchMarket m)
    {
        var (countries, operators, products) = Configuration(sandbox, m);
        return JsonSerializer.Serialize(new
        {
            Logging = new { LogLevel = new { Default = "Warning" } },
            Monitor = new { Countries = countries, Operators = operators, Products = products },
        });
    }

    public static async Task<bool> MeasureAsync(IServiceProvider services, SandboxServer sandbox, SweepBenchMarket m, TextWriter stdout, CancellationToken ct)
    {
        var (countries, operators, products) = Configuration(sandbox, m);
        var naive = SequentialScript.NaivePaths(countries, operators, products);
        await stdout.WriteLineAsync(Invariant($"""
            {BenchMachine.Describe()}
            market: {countries.Count} countries × {m.Operators} operators × {m.Products} products ({countries.Count * m.Operators * m.Products:N0} offers), {m.LatencyMs} ms added to every answer, RequestsPerSecond {m.RequestsPerSecond}
            configured: {countries.Count} countries, operators {string.Join(' ', operators)}, products {string.Join(' ', products)}
            reference: a plain sequential loop over the per-endpoint plan ({naive.Count} requests, one after another, bodies read and dropped)
            stages: where each sweep's time went: wait = wall time in which no part was parsing, diffing or writing (answers on their way, the rate limit); parse, diff (against the latest state) and write (the database) summed over the parts, which overlap
            """));
        var runner = services.GetRequiredService<SweepRunner>();
        var allSucceeded = true;
        for (var k = 1; k <= m.Sweeps; k++)
        {
            var reference = await SequentialScript.RunAsync(sandbox.BaseUrl, naive, ct);
            var ours = (await runner.RunAsync(SweepKind.Bench, SweepParts.Products | SweepParts.Prices, ct)).Single(); // one provider: the sandbox
            allSucceeded &= ours.Succeeded;
            await stdout.WriteLineAsync(Invariant(
                $"sweep {k}{(k == 1 ? " (empty database)" : "")}: {ours.Elapsed.TotalSeconds:F2} s, {ours.Requests} requests, {ours.Points:N0} points, {ours.Changes:N0} changes, {ours.Errors} errors; reference {reference.Elapsed.TotalSeconds:F2} s, {naive.Count} requests, {reference.Bytes / 1e6:F1} MB; ratio {ours.Elapsed / reference.Elapsed:F3} (target <= 0.10)"));
            var stages = ours.Stages;
            await stdout.WriteLineAsync(Invariant(
                $"  stages: wait {stages.Wait.TotalSeconds:F2} s, parse {stages.Parse.TotalSeconds:F2} s, diff {stages.Diff.TotalSeconds:F2} s, write {stages.Write.TotalSeconds:F2} s"));
        }
        await stdout.WriteLineAsync(await FullListMemory.MeasureAsync(sandbox.BaseUrl, ct));
        return allSucceeded;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
