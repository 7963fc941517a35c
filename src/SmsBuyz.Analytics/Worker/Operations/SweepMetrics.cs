using System.Diagnostics.Metrics;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// Sweeps as Prometheus sees them: <c>smsbuyz_sweeps_total{job, outcome}</c>, <c>smsbuyz_sweep_duration_seconds</c>,
/// and the points and changes they stored. Labels are the job (products, prices, account, snapshot) and the outcome
/// (ok, partial, failed, cancelled): a handful of series, whatever the size of the market.
/// </summary>
public sealed class SweepMetrics : ISweepListener
{
    private readonly Counter<long> _sweeps;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _points;
    private readonly Counter<long> _changes;

    public SweepMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ApiMetrics.MeterName);
        _sweeps = meter.CreateCounter<long>("smsbuyz.sweeps", "{sweep}", "Sweeps that ended, by job, outcome (ok, partial, failed, cancelled) and provider");
        // Sweeps take from under a second (a few requests) to minutes (a whole market under the rate limit).
        _duration = meter.CreateHistogram("smsbuyz.sweep.duration", "s", "How long sweeps took, by job, outcome and provider", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        _points = meter.CreateCounter<long>("smsbuyz.sweep.points", "{point}", "Prices, orders and payments read by sweeps, by job and provider");
        _changes = meter.CreateCounter<long>("smsbuyz.sweep.changes", "{change}", "Change points (and new or changed orders and payments) stored by sweeps, by job and provider");
    }

    public void SweepEnded(SweepSummary summary)
    {
        var job = new KeyValuePair<string, object?>("job", summary.Kind);
        var outcome = new KeyValuePair<string, object?>("outcome", summary.Outcome);
        var provider = new KeyValuePair<string, object?>("provider", summary.Asked?.Name ?? "");
        _sweeps.Add(1, job, outcome, provider);
        _duration.Record(summary.Elapsed.TotalSeconds, job, outcome, provider);
        _points.Add(summary.Points, job, provider);
        _changes.Add(summary.Changes, job, provider);
    }
}
