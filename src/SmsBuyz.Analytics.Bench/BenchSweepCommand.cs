using System.CommandLine;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Bench;

/// <summary><c>bench sweep</c>: the market sweep against a plain sequential script, on the sandbox with a round trip added.</summary>
public static class BenchSweepCommand
{
    public const string DefaultDatabase = "data/bench-sweep.db";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var countries = new Option<int>("--countries") { Description = "Countries in the sandbox market", DefaultValueFactory = _ => 40 };
        var operators = new Option<int>("--operators") { Description = $"Operators in every country (1-{SweepBenchMarket.OperatorNames.Length})", DefaultValueFactory = _ => 7 };
        var products = new Option<int>("--products") { Description = "Products in every country", DefaultValueFactory = _ => 250 };
        var latency = new Option<int>("--latency-ms") { Description = "Milliseconds the sandbox adds to every answer", DefaultValueFactory = _ => 100 };
        var rate = new Option<double>("--requests-per-second") { Description = "SmsBuyz:RequestsPerSecond for the app", DefaultValueFactory = _ => 100 };
        var sweeps = new Option<int>("--sweeps") { Description = "Sweeps, each beside its own reference run", DefaultValueFactory = _ => 2 };
        var database = new Option<string>("--database") { Description = "Bench database (recreated)", DefaultValueFactory = _ => DefaultDatabase };
        var command = new Command("sweep", "Time market sweeps against a plain sequential script on the sandbox with a round trip added; print both, the requests and the ratio.")
        {
            countries, operators, products, latency, rate, sweeps, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            var market = new SweepBenchMarket(parse.GetValue(countries), parse.GetValue(operators), parse.GetValue(products),
                parse.GetValue(latency), parse.GetValue(rate), parse.GetValue(sweeps));
            if (market is not { Countries: >= 1, Products: >= 1, LatencyMs: >= 0, RequestsPerSecond: > 0, Sweeps: >= 1 }
                || market.Operators < 1 || market.Operators > SweepBenchMarket.OperatorNames.Length)
            {
                await stderr.WriteLineAsync($"error: --countries, --products and --sweeps must be at least 1, --operators 1-{SweepBenchMarket.OperatorNames.Length}, --latency-ms at least 0, --requests-per-second above 0");
                return ExitCodes.BadConfiguration;
            }
            var path = parse.GetValue(database)!;
            BenchFiles.DeleteDatabase(path);
            // Its own settings file instead of --config, layered over ./appsettings.json: its lists replace the file's.
            var settingsFile = path + ".settings.json";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                await using var sandbox = await SweepBench.StartSandboxAsync(market, ct);
                await File.WriteAllTextAsync(settingsFile, SweepBench.SettingsFile(sandbox, market), ct);
                return await CommandRunner.RunAsync(settingsFile, stderr,
                    async (services, token) => await SweepBench.MeasureAsync(services, sandbox, market, stdout, token) ? ExitCodes.Ok : ExitCodes.PartialFailure,
                    ct, SweepBench.Settings(sandbox, market, path));
            }
            finally
            {
                File.Delete(settingsFile);
            }
        });
        return command;
    }
}
