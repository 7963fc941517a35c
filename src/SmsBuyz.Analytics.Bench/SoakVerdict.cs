using System.Globalization;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// One memory sample of the soaking worker, in bytes; <paramref name="Highest"/> is the highest resident memory read
/// (every half second) since the sample before, so a report of a few seconds between two samples is not missed.
/// </summary>
public sealed record SoakSample(TimeSpan At, long Resident, long Anonymous, long GcHeap, long GcCommitted, long Sqlite, long Highest = 0)
{
    /// <summary>The highest resident memory this sample saw: the half-second reads' or its own.</summary>
    public long Peak => Math.Max(Resident, Highest);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{At.TotalMinutes:0.0}\t{Mb(Resident)}\t{Mb(Peak)}\t{Mb(Anonymous)}\t{Mb(GcHeap)}\t{Mb(GcCommitted)}\t{Mb(Math.Max(0, Anonymous - GcCommitted))}\t{Mb(Sqlite)}");

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>
/// Whether the worker's memory levels off: the baseline is the highest resident memory up to the settle minute (a
/// worker's memory swings with its GC and its reports, so one low sample is no baseline), and nothing later may pass
/// it by more than <see cref="AllowedPercent"/>. Both sides count the half-second reads between samples
/// (<see cref="SoakSample.Peak"/>): with 20-second samples alone, a report of a few seconds fell in the baseline or not
/// by chance, and the verdict with it.
/// </summary>
public static class SoakVerdict
{
    /// <summary>The growth allowed over the baseline, in percent (compared in whole bytes, so +10 % exactly passes).</summary>
    public const int AllowedPercent = 10;

    public static string Of(IReadOnlyList<SoakSample> samples, TimeSpan settle)
    {
        var before = samples.Where(s => s.At <= settle).ToList();
        var after = samples.Where(s => s.At > settle).ToList();
        if (before.Count == 0 || after.Count == 0)
            return $"verdict: not enough samples ({samples.Count}) on both sides of minute {settle.TotalMinutes:0.#}";
        var baseline = before.Max(s => s.Peak);
        var peak = after.MaxBy(s => s.Peak)!;
        var growth = (double)peak.Peak / baseline - 1;
        var last = after[^1];
        return string.Create(CultureInfo.InvariantCulture,
            $"verdict: {(peak.Peak * 100 <= baseline * (100 + AllowedPercent) ? "levels off" : "still grows")}: peak after minute {settle.TotalMinutes:0.#} {SoakSample.Mb(peak.Peak)} MB " +
            $"(minute {peak.At.TotalMinutes:0.0}) is {growth * 100:+0.0;-0.0} % over the baseline {SoakSample.Mb(baseline)} MB (allowed +{AllowedPercent} %); " +
            $"last {SoakSample.Mb(last.Resident)} MB at minute {last.At.TotalMinutes:0.0}");
    }
}
