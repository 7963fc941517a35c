using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary><c>bench ingest</c>: throughput and size of the sweep write path on synthetic market answers.</summary>
public static class BenchIngestCommand
{
    public const string DefaultDatabase = "data/bench-ingest.db";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var series = new Option<int>("--series") { Description = "Series in the synthetic market", DefaultValueFactory = _ => 100_000 };
        var sweeps = new Option<int>("--sweeps") { Description = "Timed sweeps after the initial load", DefaultValueFactory = _ => 20 };
        var rate = new Option<double>("--change-rate") { Description = "Share of series whose price moves per sweep (0-1)", DefaultValueFactory = _ => 0.05 };
        var perAnswer = new Option<int>("--per-answer") { Description = "Products per guest/products answer", DefaultValueFactory = _ => 1000 };
        var database = new Option<string>("--database") { Description = "SQLite bench database (recreated)", DefaultValueFactory = _ => DefaultDatabase };
        var storage = new BenchStorage();
        var command = new Command("ingest", "Time parse → diff → write of whole sweeps; print points/s, changed rows/s, bytes per stored change and peak memory.")
        {
            series, sweeps, rate, perAnswer, database,
        };
        storage.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(database)!;
            var measured = new List<(StorageProvider Provider, IngestFigures Initial, IngestFigures Sweeps)>();
            var code = await storage.ForEachAsync(parse, stdout, stderr, target =>
            {
                target.UseFile(path, fresh: true);
                return CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, (services, token) =>
                    RunAsync(services, target, path, parse.GetValue(series), parse.GetValue(sweeps), parse.GetValue(rate), parse.GetValue(perAnswer),
                        measured, stdout, stderr, token),
                    ct, target.Settings);
            }, ct);
            if (code == ExitCodes.Ok && measured.Count == 2)
            {
                var (sqlite, postgres) = (measured[0], measured[1]);
                await stdout.WriteLineAsync(Invariant(
                    $"PostgreSQL / SQLite in this run: sweeps {postgres.Sweeps.PointsPerSecond / sqlite.Sweeps.PointsPerSecond:F2} (target >= 0.50), first load {postgres.Initial.PointsPerSecond / sqlite.Initial.PointsPerSecond:F2}"));
            }
            return code;
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, BenchTarget target, string path, int series, int sweeps, double rate,
        int perAnswer, List<(StorageProvider, IngestFigures, IngestFigures)> measured, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (series < 1 || sweeps < 1 || rate is < 0 or > 1 || perAnswer < 1)
            throw new ConfigurationException($"--series, --sweeps and --per-answer must be at least 1 and --change-rate within 0-1 (got {series}, {sweeps}, {perAnswer}, {rate})");
        await stdout.WriteLineAsync(BenchMachine.Describe());
        await stdout.WriteLineAsync($"database: {target.Provider}, {services.GetRequiredService<Database>().Describe}");
        await stdout.WriteLineAsync(Invariant($"market: {series:N0} series, {sweeps} sweeps at {rate:P1} price changes, {perAnswer} products per answer"));

        var bench = ActivatorUtilities.CreateInstance<IngestBench>(services);
        var progress = new Progress<int>(k => stderr.Write(Invariant($"\rsweep {k}/{sweeps}")));
        IReadOnlyList<RawInsertReference> references = target.Server is { } server
            ? [await RawInsertReference.PostgreSqlAsync(server, ct)]
            : RawInsertReference.Sqlite(path + ".reference");
        try
        {
            return await MeasureAsync(bench, target, series, sweeps, rate, perAnswer, references, measured, stdout, stderr, progress, ct);
        }
        finally
        {
            foreach (var reference in references)
                await reference.DisposeAsync();
        }
    }

    private static async Task<int> MeasureAsync(IngestBench bench, BenchTarget target, int series, int sweeps, double rate, int perAnswer,
        IReadOnlyList<RawInsertReference> references, List<(StorageProvider, IngestFigures, IngestFigures)> measured, TextWriter stdout,
        TextWriter stderr, IProgress<int> progress, CancellationToken ct)
    {
        var (initial, timed) = await bench.RunAsync(series, sweeps, rate, perAnswer, references, progress, ct);
        await stderr.WriteLineAsync();
        measured.Add((target.Provider, initial, timed));

        // Issue 14's targets are SQLite's; PostgreSQL's is its rate beside SQLite's (the last line of --provider Both).
        var sqlite = target.Embedded;
        await stdout.WriteLineAsync(Invariant(
            $"initial load: {initial.Points:N0} points, {initial.Changes:N0} rows in {initial.Elapsed.TotalSeconds:F2} s ({initial.PointsPerSecond:N0} points/s{(sqlite ? ", target >= 200,000" : "")})"));
        await stdout.WriteLineAsync(Invariant(
            $"sweeps after {IngestBench.WarmUpSweeps} untimed ones: {timed.Points:N0} points in {timed.Elapsed.TotalSeconds:F2} s = {timed.PointsPerSecond:N0} points/s; {timed.ChangesPerSecond:N0} changed rows/s"));
        // The target is against the last, strongest reference (SQLite's C API, as strong as Python's executemany).
        foreach (var reference in references)
        {
            var strongest = reference == references[^1];
            await stdout.WriteLineAsync(Invariant(
                $"reference, {reference.How}: {reference.Rows:N0} rows in {reference.Elapsed.TotalSeconds:F2} s = {reference.RowsPerSecond:N0} rows/s, sweep by sweep between ours"));
            await stdout.WriteLineAsync(Invariant(
                $"ratio: {timed.PointsPerSecond / reference.RowsPerSecond:F2}x the reference{(sqlite && strongest ? " (target >= 2x)" : "")}"));
        }
        await stdout.WriteLineAsync(Invariant(
            $"size: {timed.DatabaseBytes / (double)Math.Max(1, timed.Changes):F1} bytes on disk per stored change, indexes included{(sqlite ? " (target <= 40)" : "")}; allocated {timed.AllocatedBytesPerPoint:F1} bytes per point"));
        await stdout.WriteLineAsync(Invariant($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        return ExitCodes.Ok;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
