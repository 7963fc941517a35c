using System.CommandLine;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// <c>bench query</c>: a 30-day series read and the latest state of a whole country, on a synthetic database of the
/// year projection's size, plus the projected size after a year under the configured retention; on SQLite, PostgreSQL
/// or both (<see cref="BenchStorage"/>; a PostgreSQL bench database is built each run and dropped after).
/// </summary>
public static class BenchQueryCommand
{
    public const string DefaultDatabase = "data/bench-query.db";
    private const int WarmUp = 3, Runs = 21;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var series = new Option<int>("--series") { Description = "Series in the synthetic market", DefaultValueFactory = _ => SizeScenario.Year.Series };
        var days = new Option<int>("--days") { Description = "Days of history it holds", DefaultValueFactory = _ => SizeScenario.Year.Days };
        var database = new Option<string?>("--database") { Description = $"SQLite: reuse this bench database, or build it there when missing (default: rebuild {DefaultDatabase})" };
        var storage = new BenchStorage();
        var command = new Command("query", "Time a 30-day series read and a whole country's latest state; print the projected size after one year.")
        {
            series, days, database,
        };
        storage.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var measured = new List<(double Read, double Latest)>();
            var code = await storage.ForEachAsync(parse, stdout, stderr, target =>
            {
                target.UseFile(parse.GetValue(database) ?? DefaultDatabase, fresh: parse.GetValue(database) is null);
                return CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
                    (services, token) => RunAsync(services, parse.GetValue(series), parse.GetValue(days), measured, stdout, token), ct,
                    target.Settings);
            }, ct);
            if (code == ExitCodes.Ok && measured.Count == 2)
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL / SQLite medians in this run: series read {measured[1].Read / measured[0].Read:F2}, country {measured[1].Latest / measured[0].Latest:F2}"));
            return code;
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int seriesCount, int days, List<(double, double)> measured,
        TextWriter stdout, CancellationToken ct)
    {
        if (seriesCount < 1 || days < 1)
            throw new ConfigurationException($"--series and --days must be at least 1 (got {seriesCount} and {days})");
        var time = services.GetRequiredService<TimeProvider>();
        var retention = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        var db = services.GetRequiredService<Database>();
        await stdout.WriteLineAsync(BenchMachine.Describe());

        var bench = await OpenOrBuildAsync(db, time, retention, seriesCount, days, stdout, ct);
        var size = await db.SizeOnDiskAsync(ct);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"database: {db.Provider}, {db.Describe}, {size / 1e9:F2} GB: {bench}"));

        var market = services.GetRequiredService<MarketReadModel>();
        var random = new Random(1);
        var end = UnixMs.To(bench.End);
        var points = 0L;
        var read = await MedianMsAsync(time, async () =>
        {
            var i = random.Next(bench.Series);
            var offer = OfferKey.Of(SyntheticHistory.CountryCode(i / SyntheticHistory.SeriesPerCountry), SyntheticHistory.OperatorName(i % 5),
                SyntheticHistory.ProductName(i % SyntheticHistory.SeriesPerCountry / 5));
            var list = await market.HistoryAsync(offer, end.AddDays(-30), end, ct);
            points += list.Count;
        });
        var countries = (bench.Series + SyntheticHistory.SeriesPerCountry - 1) / SyntheticHistory.SeriesPerCountry;
        var rows = 0L;
        var latest = await MedianMsAsync(time, async () =>
            rows += (await market.LatestAsync(new MarketFilter { Countries = [SyntheticHistory.CountryCode(random.Next(countries))] }, ct)).Count);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"30-day series read: median {read:F2} ms over {Runs} random series ({points / (double)(WarmUp + Runs):F0} points each), target < 50 ms"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"latest state of a whole country: median {latest:F2} ms over {Runs} random countries ({rows / (double)(WarmUp + Runs):F0} series each), target < 20 ms"));
        await stdout.WriteLineAsync(Describe(SizeProjection.Compute(SizeScenario.Year, retention, bench.Bytes), retention));
        measured.Add((read, latest));
        return ExitCodes.Ok;
    }

    private static async Task<BenchDatabase> OpenOrBuildAsync(Database db, TimeProvider time, RetentionOptions retention,
        int seriesCount, int days, TextWriter stdout, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await BenchDatabase.ReadAsync(db, connection) is { } existing)
        {
            await stdout.WriteLineAsync("reusing the bench database (its series and days, not --series and --days)");
            return existing;
        }
        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM series") > 0)
            throw new ConfigurationException($"--database: {db.Describe} holds data but is not a bench database; give a new file");
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"building a synthetic database: {seriesCount:N0} series, {days} days ..."));
        var started = time.GetTimestamp();
        var end = Bucketizer.Floor(UnixMs.From(time.GetUtcNow()), UnixMs.DayMs);
        var scenario = SizeScenario.Year with { Series = seriesCount, Days = days };
        var bytes = await new SyntheticHistory(connection, scenario, retention, end).BuildAsync(ct);
        var bench = new BenchDatabase(seriesCount, days, end, bytes, time.GetElapsedTime(started).TotalSeconds);
        await bench.WriteAsync(connection);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"built in {bench.BuildSeconds:F0} s"));
        return bench;
    }

    private static async Task<double> MedianMsAsync(TimeProvider time, Func<Task> run)
    {
        var ms = new List<double>();
        for (var i = 0; i < WarmUp + Runs; i++)
        {
            var started = time.GetTimestamp();
            await run();
            if (i >= WarmUp)
                ms.Add(time.GetElapsedTime(started).TotalMilliseconds);
        }
        ms.Sort();
        return ms[ms.Count / 2];
    }

    private static string Describe(SizeProjection p, RetentionOptions r)
    {
        var s = SizeScenario.Year;
        return string.Create(CultureInfo.InvariantCulture, $"""
            projected size after {s.Days} days: {s.Series:N0} series, {s.SweepMinutes}-minute sweeps, {s.PriceChangeShare:P0} of prices and {s.StockPassShare:P0} of stock counts past the deadband changing per sweep ({s.ChangeShare:P1} of series), RawDays {r.RawDays}, HourlyDays {r.HourlyDays}:
              raw    {p.RawRows / 1e6,7:F1} M rows  {p.RawBytes / 1e9,5:F2} GB
              hourly {p.HourlyRows / 1e6,7:F1} M rows  {p.HourlyBytes / 1e9,5:F2} GB
              daily  {p.DailyRows / 1e6,7:F1} M rows  {p.DailyBytes / 1e9,5:F2} GB
              series and latest            {p.SeriesBytes / 1e9,5:F2} GB
              total                        {p.TotalBytes / 1e9,5:F2} GB (target < 5 GB)
            """);
    }
}
