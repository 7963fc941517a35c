using System.Globalization;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// A sweep's failures in one line, grouped by kind with a count and the likely cause:
/// <c>network: 15 of 15 requests failed, cannot resolve smsbuyz.com — check DNS/connectivity</c>.
/// </summary>
public static class SweepDigest
{
    public static string Describe(SweepSummary summary) => string.Join("; ", summary.Failures
        .GroupBy(f => ApiFailureHint.Label(f.Kind))
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Key}: {g.Count()} of {Math.Max(summary.Parts, g.Count())} requests failed, {CommonHint(g)}")));

    /// <summary>The kinds failing, without counts: a long outage is "the same" while this stays the same.</summary>
    public static string Signature(SweepSummary summary) =>
        string.Join(',', summary.Failures.Select(f => ApiFailureHint.Label(f.Kind)).Distinct().Order(StringComparer.Ordinal));

    // Most failures of one kind share one cause; the most frequent hint speaks for the group, else an example message.
    private static string CommonHint(IEnumerable<SweepFailure> group)
    {
        var top = group.GroupBy(f => f.Hint ?? f.Message).OrderByDescending(h => h.Count()).First();
        return top.Key;
    }
}
