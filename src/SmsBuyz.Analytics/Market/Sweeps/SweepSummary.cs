using System.Globalization;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <param name="Hint">The likely cause and where to look, for the sweep's grouped warning (see <see cref="SweepDigest"/>).</param>
public sealed record SweepFailure(string Target, string Kind, string Message, string? Hint = null);

/// <param name="Parts">Requests the sweep planned (one per endpoint call; order pages and retries not counted).</param>
/// <param name="Cancelled">Stopped before every part had run (Ctrl+C, SIGTERM).</param>
public sealed record SweepSummary(long SweepId, string Kind, int Requests, int Points, int Changes, int Errors,
    TimeSpan Elapsed, IReadOnlyList<SweepFailure> Failures, int Parts = 0, bool Cancelled = false)
{
    public bool Succeeded => Errors == 0 && !Cancelled;

    /// <summary>Where the sweep's time went (<see cref="SweepStages"/>); told by <c>bench sweep</c>.</summary>
    public StageTimes Stages { get; init; }

    /// <summary>The provider entry the sweep asked; null only in summaries made by hand.</summary>
    public ProviderConnection? Asked { get; init; }

    /// <summary>The kind, and whose sweep it was when several providers are configured: <c>prices at 5sim</c>.</summary>
    public string Label => Asked is { OneOfSeveral: true } asked ? $"{Kind} at {asked.Name}" : Kind;

    /// <summary>ok, partial (some parts failed), failed (every part failed) or cancelled: a metric label and a log word.</summary>
    public string Outcome => Cancelled ? "cancelled" : Errors == 0 ? "ok" : Failures.Count >= Parts ? "failed" : "partial";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Label} #{SweepId}: {Requests} requests, {Points} points, {Changes} changes, {Errors} errors in {Elapsed.TotalSeconds:0.0} s")
        + (Cancelled ? " (cancelled)" : "");
}

/// <summary>Told of every sweep that ends (the log, metrics and health each listen), so the runner knows none of them.</summary>
public interface ISweepListener
{
    void SweepEnded(SweepSummary summary);
}
