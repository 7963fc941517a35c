using System.Diagnostics;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

public sealed record IngestFigures(long Points, long Changes, TimeSpan Elapsed, long AllocatedBytes, long DatabaseBytes)
{
    public double PointsPerSecond => Points / Elapsed.TotalSeconds;
    public double ChangesPerSecond => Changes / Elapsed.TotalSeconds;
    public double AllocatedBytesPerPoint => AllocatedBytes / (double)Math.Max(1, Points);
}

/// <summary>
/// Times the sweep write path on synthetic answers: parse the JSON as the API sends it (the products parser the
/// client uses, into the sweep's own sink), diff against the latest state and write (<see cref="MarketStore"/>, which groups answers that queue up
/// into one commit). Building the answers is not timed; the references (<see cref="RawInsertReference"/>) run between the timed sweeps.
/// The synthetic market is a provider of its own (<see cref="Provider"/>), never the configured one's.
/// </summary>
internal sealed class IngestBench(MarketStore store, SweepStore sweeps, IdentityStore identities, Database db, TimeProvider time)
{
    public const int WarmUpSweeps = 3, WarmUpSeries = 20_000;

    /// <summary>The synthetic market's provider: a base URL no API answers at.</summary>
    public const string Provider = "https://bench.invalid/synthetic";

    private long _provider;

    public async Task<(IngestFigures Initial, IngestFigures Sweeps)> RunAsync(int series, int sweepCount, double changeRate,
        int perAnswer, IReadOnlyList<RawInsertReference> references, IProgress<int> progress, CancellationToken ct)
    {
        _provider = (await identities.EnsureProviderAsync(Provider, "synthetic", ct)).Id;
        var start = time.GetUtcNow();
        // Untimed: .NET compiles hot methods again, optimized, after their first calls, and a worker runs that code for
        // days. A small market of other countries loads and moves first, so the figures below are the database path.
        var warmUp = new SyntheticMarket(Math.Min(series, WarmUpSeries), perAnswer, countryPrefix: "w");
        for (var k = 0; k <= WarmUpSweeps; k++)
        {
            warmUp.Move(changeRate);
            await SweepAsync(warmUp, start.AddMinutes(5 * k), ct);
        }
        var market = new SyntheticMarket(series, perAnswer);
        var initial = await SweepAsync(market, start, ct);
        for (var k = 1; k <= WarmUpSweeps; k++)
        {
            market.Move(changeRate);
            await SweepAsync(market, start.AddMinutes(5 * k), ct);
        }
        var sizeBefore = await db.StoredBytesAsync(ct);
        var total = new IngestFigures(0, 0, TimeSpan.Zero, 0, 0);
        for (var k = 1; k <= sweepCount; k++)
        {
            market.Move(changeRate);
            var sweep = await SweepAsync(market, start.AddMinutes(5 * (WarmUpSweeps + k)), ct);
            foreach (var reference in references)
                reference.InsertSweep(market, k);
            total = total with
            {
                Points = total.Points + sweep.Points, Changes = total.Changes + sweep.Changes,
                Elapsed = total.Elapsed + sweep.Elapsed, AllocatedBytes = total.AllocatedBytes + sweep.AllocatedBytes,
            };
            progress.Report(k);
        }
        foreach (var reference in references)
            reference.Commit();
        return (initial, total with { DatabaseBytes = await db.StoredBytesAsync(ct) - sizeBefore });
    }

    private async Task<IngestFigures> SweepAsync(SyntheticMarket market, DateTimeOffset at, CancellationToken ct)
    {
        var bodies = Enumerable.Range(0, market.Answers).Select(market.Body).ToList();
        var sweepId = await sweeps.StartAsync(SweepKind.Bench, $"{market.Answers} synthetic answers", _provider, ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        // Each answer is handed to the store as the sweep does: parsed on this thread, written by whichever writer holds
        // the store's turn, so answers that queue up while one is written share the next commit.
        var writes = new List<Task<MarketWriteResult>>(bodies.Count);
        for (var a = 0; a < bodies.Count; a++)
        {
            var country = market.Country(a);
            var op = SyntheticMarket.Operator(a);
            // Read as MarketFetch reads a products answer: the client's parser handing each product to the sweep's sink.
            var scope = new MarketScope([country], op, null);
            var answer = new AnswerPoints(new SweepTarget(SweepTargetKind.Products, country, op, null, [scope]), shape: null);
            if (JsonChunks.Read(bodies[a], new ProductsParser(answer)).Problems.Count > 0)
                throw new InvalidOperationException($"synthetic answer {a} did not parse");
            writes.Add(Task.Run(() => store.WriteAsync(_provider, sweepId, at, answer.Points, ct), ct));
        }
        var results = await Task.WhenAll(writes);
        clock.Stop();
        return new IngestFigures(results.Sum(r => (long)r.Points), results.Sum(r => (long)r.Changes), clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, 0);
    }
}
