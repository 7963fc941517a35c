using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Cli;

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
        var database = new Option<string>("--database") { Description = "Bench database (recreated)", DefaultValueFactory = _ => DefaultDatabase };
        var command = new Command("ingest", "Time parse → diff → write of whole sweeps; print points/s, changed rows/s, bytes per stored change and peak memory.")
        {
            series, sweeps, rate, perAnswer, database,
        };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(database)!;
            BenchFiles.DeleteDatabase(path);
            return CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, (services, token) =>
                RunAsync(services, path, parse.GetValue(series), parse.GetValue(sweeps), parse.GetValue(rate), parse.GetValue(perAnswer), stdout, stderr, token),
                ct, new Dictionary<string, string?> { ["Storage:Database"] = path });
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string path, int series, int sweeps, double rate, int perAnswer,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (series < 1 || sweeps < 1 || rate is < 0 or > 1 || perAnswer < 1)
            throw new ConfigurationException($"--series, --sweeps and --per-answer must be at least 1 and --change-rate within 0-1 (got {series}, {sweeps}, {perAnswer}, {rate})");
        await stdout.WriteLineAsync(BenchMachine.Describe());
        await stdout.WriteLineAsync(Invariant($"market: {series:N0} series, {sweeps} sweeps at {rate:P1} price changes, {perAnswer} products per answer"));

        var bench = ActivatorUtilities.CreateInstance<IngestBench>(services);
        var progress = new Progress<int>(k => stderr.Write(Invariant($"\rsweep {k}/{sweeps}")));
        using var reference = new RawInsertReference(path + ".reference");
        var (initial, timed) = await bench.RunAsync(series, sweeps, rate, perAnswer, reference, progress, ct);
        await stderr.WriteLineAsync();

        var referenceRate = reference.RowsPerSecond;
        await stdout.WriteLineAsync(Invariant(
            $"initial load: {initial.Points:N0} points, {initial.Changes:N0} rows in {initial.Elapsed.TotalSeconds:F2} s ({initial.PointsPerSecond:N0} points/s, target >= 200,000)"));
        await stdout.WriteLineAsync(Invariant(
            $"sweeps after {IngestBench.WarmUpSweeps} untimed ones: {timed.Points:N0} points in {timed.Elapsed.TotalSeconds:F2} s = {timed.PointsPerSecond:N0} points/s; {timed.ChangesPerSecond:N0} changed rows/s"));
        await stdout.WriteLineAsync(Invariant(
            $"reference, a plain prepared INSERT of every point: {reference.Rows:N0} rows in {reference.Elapsed.TotalSeconds:F2} s = {referenceRate:N0} rows/s, sweep by sweep between ours"));
        await stdout.WriteLineAsync(Invariant(
            $"ratio: {timed.PointsPerSecond / referenceRate:F2}x the reference (target >= 2x)"));
        await stdout.WriteLineAsync(Invariant(
            $"size: {timed.DatabaseBytes / (double)Math.Max(1, timed.Changes):F1} bytes on disk per stored change, indexes included (target <= 40); allocated {timed.AllocatedBytesPerPoint:F1} bytes per point"));
        await stdout.WriteLineAsync(Invariant($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        return ExitCodes.Ok;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
