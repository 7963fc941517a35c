using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Bench;

/// <summary>What <c>bench soak</c> runs: for how long, the baseline minute, the sandbox's market, the sampling, the folder.</summary>
public sealed record SoakPlan(TimeSpan Duration, TimeSpan Settle, int Countries, int Products, double Faults, TimeSpan Sample, string Folder);

/// <summary>
/// The soak itself: the app's own sandbox and worker as two processes (the worker's memory is then its own, not shared
/// with an in-process sandbox), the worker configured for every country, <c>any</c> and every operator and product of
/// the sandbox's market, sampled from <c>/proc</c> (resident memory, anonymous part) and from its <c>/metrics</c> (the GC
/// heap after the last collection and the memory the GC has committed), one line per sample.
/// </summary>
internal static class MemorySoak
{
    private static readonly string App = Path.Combine(AppContext.BaseDirectory, "SmsBuyz.Analytics.dll");

    public static async Task<int> RunAsync(SoakPlan plan, TextWriter stdout, CancellationToken ct)
    {
        if (Directory.Exists(plan.Folder))
            Directory.Delete(plan.Folder, recursive: true);
        Directory.CreateDirectory(plan.Folder);
        var (apiPort, pagePort) = (FreePort(), FreePort());
        await stdout.WriteLineAsync(BenchMachine.Describe());
        using var sandbox = Start(plan.Folder, "sandbox.log", "sandbox", "--port", Text(apiPort), "--countries", Text(plan.Countries),
            "--products", Text(plan.Products), "--faults", Text(plan.Faults));
        var api = new Uri($"http://127.0.0.1:{apiPort}/v1/");
        try
        {
            var (countries, operators) = await MarketAsync(api, ct);
            var config = Path.Combine(plan.Folder, "soak.json");
            await File.WriteAllTextAsync(config, Settings(plan, api, pagePort, countries, operators).ToJsonString(), ct);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"soak: {plan.Duration.TotalMinutes:0.#} min of `run`, {countries.Count} countries × {operators.Count + 1} operators (any included) × {plan.Products} products, faults {plan.Faults:0.##}; folder {plan.Folder}"));
            using var worker = Start(plan.Folder, "worker.log", "run", "--config", config);
            var samples = await SampleAsync(plan, worker, new Uri($"http://127.0.0.1:{pagePort}/metrics"), stdout, ct);
            await stdout.WriteLineAsync(SoakVerdict.Of(samples, plan.Settle));
            return ExitCodes.Ok;
        }
        finally
        {
            Stop(sandbox);
        }
    }

    private static async Task<List<SoakSample>> SampleAsync(SoakPlan plan, Process worker, Uri metrics, TextWriter stdout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        await stdout.WriteLineAsync("minute\tresident MB\thighest since last MB\tanonymous MB\tGC heap MB\tGC committed MB\toutside GC MB\tof it SQLite MB");
        try
        {
            while (clock.Elapsed < plan.Duration && !worker.HasExited)
            {
                var highest = await HighestResidentAsync(worker, plan.Sample, ct);
                if (worker.HasExited)
                    break; // said below
                var (resident, anonymous) = ProcMemory(worker.Id);
                var (heap, committed, sqlite) = await MetricsAsync(http, metrics, ct);
                var sample = new SoakSample(clock.Elapsed, resident, anonymous, heap, committed, sqlite, highest);
                samples.Add(sample);
                await stdout.WriteLineAsync(sample.ToString());
            }
        }
        finally
        {
            Stop(worker);
        }
        if (worker.HasExited && clock.Elapsed < plan.Duration)
            await stdout.WriteLineAsync($"the worker exited after {clock.Elapsed.TotalMinutes:0.0} min (exit code {worker.ExitCode}); see worker.log");
        return samples;
    }

    /// <summary>Every country and operator the sandbox's full price list names, waiting until it answers.</summary>
    private static async Task<(List<string> Countries, List<string> Operators)> MarketAsync(Uri api, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var prices = JsonDocument.Parse(await http.GetStringAsync(new Uri("guest/prices", UriKind.Relative), ct));
                var countries = prices.RootElement.EnumerateObject().Select(c => c.Name).ToList();
                var operators = prices.RootElement.EnumerateObject().SelectMany(c => c.Value.EnumerateObject())
                    .SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order().ToList();
                return (countries, operators);
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(200, ct); // the sandbox is starting, or its answer was one of its faults
            }
        }
    }

    private static JsonObject Settings(SoakPlan plan, Uri api, int pagePort, List<string> countries, List<string> operators) => new()
    {
        ["SmsBuyz"] = new JsonObject { ["BaseUrl"] = api.ToString(), ["ApiKey"] = "sandbox-key", ["RequestsPerSecond"] = 100 },
        ["Storage"] = new JsonObject { ["Database"] = Path.Combine(plan.Folder, "soak.db") },
        ["Hangfire"] = new JsonObject { ["Storage"] = "Sqlite", ["Database"] = Path.Combine(plan.Folder, "hangfire.db") },
        ["Dashboard"] = new JsonObject { ["Enabled"] = true, ["Url"] = $"http://127.0.0.1:{pagePort}/hangfire" },
        ["Monitor"] = new JsonObject
        {
            ["Countries"] = new JsonArray([.. countries.Select(c => (JsonNode)c)]),
            ["Operators"] = new JsonArray([(JsonNode)"any", .. operators.Select(o => (JsonNode)o)]),
            ["Products"] = new JsonArray("*"),
        },
        ["Schedules"] = new JsonObject
        {
            ["Products"] = "* * * * *", ["Prices"] = "* * * * *", ["Account"] = "*/2 * * * *", ["Reports"] = "*/5 * * * *", ["Maintenance"] = "*/3 * * * *",
        },
        ["Reports"] = new JsonObject { ["OutputDirectory"] = Path.Combine(plan.Folder, "reports") },
        ["Worker"] = new JsonObject { ["ReportsDirectory"] = Path.Combine(plan.Folder, "reports", "latest") },
        ["AutoBuy"] = new JsonObject { ["Mode"] = "DryRun", ["KillSwitchFile"] = Path.Combine(plan.Folder, "STOP") },
        ["Rules"] = new JsonArray(new JsonObject
        {
            ["Name"] = "soak", ["Product"] = "telegram", ["Countries"] = new JsonArray(countries[0]), ["MaxPrice"] = 0.01,
        }),
    };

    /// <summary>The app as its own process in the soak folder (so no appsettings.json of the caller's folder is read), its output to a log file.</summary>
    private static Process Start(string folder, string log, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(App);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {App}");
        var writer = new StreamWriter(Path.Combine(folder, log)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (writer) writer.Dispose(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>The highest resident memory of the worker read every half second for <paramref name="period"/>.</summary>
    private static async Task<long> HighestResidentAsync(Process worker, TimeSpan period, CancellationToken ct)
    {
        var highest = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < period && !worker.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, Math.Max(1, (period - clock.Elapsed).TotalMilliseconds))), ct);
            try
            {
                highest = Math.Max(highest, ProcMemory(worker.Id).Resident);
            }
            catch (IOException) when (worker.HasExited)
            {
                break; // gone between two reads: the caller sees it and stops
            }
        }
        return highest;
    }

    /// <summary>Resident and anonymous resident memory, in bytes, from <c>/proc/PID/status</c>.</summary>
    private static (long Resident, long Anonymous) ProcMemory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        long Kb(string key) => lines.Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
        return (Kb("VmRSS"), Kb("RssAnon"));
    }

    /// <summary>
    /// The GC heap after its last collection and what it has committed (every generation summed), and what SQLite's
    /// allocator holds; zeros while /metrics does not answer.
    /// </summary>
    private static async Task<(long Heap, long Committed, long Sqlite)> MetricsAsync(HttpClient http, Uri metrics, CancellationToken ct)
    {
        try
        {
            var text = await http.GetStringAsync(metrics, ct);
            return (PromSum(text, "dotnet_gc_last_collection_heap_size_bytes"), PromSum(text, "dotnet_gc_last_collection_memory_committed_size_bytes"),
                PromSum(text, "smsbuyz_sqlite_memory_bytes"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, 0, 0);
        }
    }

    private static long PromSum(string text, string metric) => (long)text.Split('\n')
        .Where(l => l.StartsWith(metric, StringComparison.Ordinal) && (l.Length == metric.Length || l[metric.Length] is ' ' or '{'))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
