using System.Diagnostics;
using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Snapshots;
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
/// client uses), diff against the latest state and write (<see cref="MarketStore"/>), one transaction per answer.
/// Building the answers is not timed.
/// </summary>
public sealed class IngestBench(MarketStore store, SweepStore sweeps, SqliteConnectionFactory connections, TimeProvider time)
{
    public async Task<(IngestFigures Initial, IngestFigures Sweeps)> RunAsync(int series, int sweepCount, double changeRate,
        int perAnswer, IProgress<int> progress, CancellationToken ct)
    {
        var market = new SyntheticMarket(series, perAnswer);
        var start = time.GetUtcNow();
        var initial = await SweepAsync(market, start, ct);
        var sizeAfterInitial = await DatabaseBytesAsync(ct);
        var total = new IngestFigures(0, 0, TimeSpan.Zero, 0, 0);
        for (var k = 1; k <= sweepCount; k++)
        {
            market.Move(changeRate);
            var sweep = await SweepAsync(market, start.AddMinutes(5 * k), ct);
            total = total with
            {
                Points = total.Points + sweep.Points, Changes = total.Changes + sweep.Changes,
                Elapsed = total.Elapsed + sweep.Elapsed, AllocatedBytes = total.AllocatedBytes + sweep.AllocatedBytes,
            };
            progress.Report(k);
        }
        return (initial with { DatabaseBytes = sizeAfterInitial }, total with { DatabaseBytes = await DatabaseBytesAsync(ct) - sizeAfterInitial });
    }

    private async Task<IngestFigures> SweepAsync(SyntheticMarket market, DateTimeOffset at, CancellationToken ct)
    {
        var bodies = Enumerable.Range(0, market.Answers).Select(market.Body).ToList();
        var sweepId = await sweeps.StartAsync("bench", $"{market.Answers} synthetic answers", ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long points = 0, changes = 0;
        for (var a = 0; a < bodies.Count; a++)
        {
            var country = SyntheticMarket.Country(a);
            var op = SyntheticMarket.Operator(a);
            var parsed = ProductsParser.Parse(bodies[a]);
            var result = await store.WriteAsync(sweepId, at, new MarketScope(new HashSet<string> { country }, op, null),
                MarketPoint.FromProducts(country, op, parsed.Offers), ct);
            points += result.Points;
            changes += result.Changes;
        }
        clock.Stop();
        return new IngestFigures(points, changes, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, 0);
    }

    /// <summary>Bytes the database holds after a checkpoint: used pages only.</summary>
    private async Task<long> DatabaseBytesAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var pageSize = await connection.ExecuteScalarAsync<long>("PRAGMA page_size");
        var pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
        var free = await connection.ExecuteScalarAsync<long>("PRAGMA freelist_count");
        return (pages - free) * pageSize;
    }
}
