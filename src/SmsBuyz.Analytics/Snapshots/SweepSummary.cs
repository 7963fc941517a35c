using System.Globalization;

namespace SmsBuyz.Analytics.Snapshots;

public sealed record SweepFailure(string Target, string Kind, string Message);

public sealed record SweepSummary(long SweepId, string Kind, int Requests, int Points, int Changes, int Errors,
    TimeSpan Elapsed, IReadOnlyList<SweepFailure> Failures)
{
    public bool Succeeded => Errors == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} #{SweepId}: {Requests} requests, {Points} points, {Changes} changes, {Errors} errors in {Elapsed.TotalSeconds:0.0} s");
}
