using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// What reading the full price list costs in memory: the sandbox's answer saved to a file once, then read the way the
/// client reads it now (<see cref="JsonChunks"/> and <see cref="PricesParser"/>, offers counted and dropped) and the
/// way it read it before, as the reference of the same run: the answer held whole and parsed into a
/// <see cref="JsonDocument"/>. Memory is the live managed heap above the one before the read, after a full collection:
/// sampled every <see cref="SampleEvery"/> offers while streaming; for the reference, once both are built, which is
/// less than its true peak (the client also held a copy of the body, and every offer), so the comparison favours it.
/// </summary>
internal static class FullListMemory
{
    private const int SampleEvery = 50_000;

    public static async Task<string> MeasureAsync(Uri sandbox, CancellationToken ct)
    {
        var file = Path.GetTempFileName();
        try
        {
            using (var http = new HttpClient { BaseAddress = sandbox })
            await using (var answer = await http.GetStreamAsync("guest/prices", ct))
            await using (var saved = File.Create(file))
                await answer.CopyToAsync(saved, ct);
            var size = new FileInfo(file).Length;

            var started = Stopwatch.GetTimestamp();
            var (offers, _) = await StreamAsync(file, sample: false, ct); // timed without the samples' collections
            var streamedTime = Stopwatch.GetElapsedTime(started);
            var (_, streamedPeak) = await StreamAsync(file, sample: true, ct);

            var baseline = Live();
            started = Stopwatch.GetTimestamp();
            var body = await File.ReadAllBytesAsync(file, ct);
            long bufferedPeak;
            using (JsonDocument.Parse(body))
            {
                var bufferedTime = Stopwatch.GetElapsedTime(started);
                bufferedPeak = Math.Max(0, Live() - baseline);
                return string.Create(CultureInfo.InvariantCulture,
                    $"full price list: {size / 1e6:F1} MB, {offers:N0} offers; streamed parse: live heap +{streamedPeak / 1e3:F0} kB (highest sample), {streamedTime.TotalSeconds:F2} s; reference, held whole + JsonDocument: +{bufferedPeak / 1e6:F1} MB at least, {bufferedTime.TotalSeconds:F2} s before any offer is read");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(long Offers, long Peak)> StreamAsync(string file, bool sample, CancellationToken ct)
    {
        var baseline = sample ? Live() : 0;
        var sink = new PeakSink(sample ? baseline : null);
        var parser = new PricesParser(null, null, sink);
        await using (var body = File.OpenRead(file))
            await JsonChunks.ReadAsync(body, parser, _ => { }, ct);
        if (parser.Problems.Count > 0)
            throw new InvalidOperationException($"the sandbox's price list read with problems: {parser.Problems[0]}");
        return (sink.Offers, sample ? Math.Max(sink.Peak, Live() - baseline) : 0);
    }

    /// <summary>The live managed heap, after a full blocking collection.</summary>
    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>Counts the offers; with a baseline, samples the live heap above it every <see cref="SampleEvery"/>.</summary>
    private sealed class PeakSink(long? baseline) : IOfferSink<PriceOffer>
    {
        public long Offers { get; private set; }
        public long Peak { get; private set; }

        public void Restart() => Offers = 0;

        public void Add(in PriceOffer offer)
        {
            if (++Offers % SampleEvery == 0 && baseline is { } before)
                Peak = Math.Max(Peak, Live() - before);
        }
    }
}
