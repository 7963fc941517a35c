using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// The worker's diary: one Information line per sweep, and when parts fail one Warning that groups them by kind
/// with a hint. A failure that lasts (the network is down for a night) is told when it starts, again every
/// <see cref="ReminderEvery"/> while nothing changes, and when it ends, not on every sweep; its kinds changing
/// (network down, then the key rejected) is news and is told at once. Per-part detail is at Debug.
/// </summary>
public sealed partial class SweepLog(TimeProvider time, ILogger<SweepLog> logger) : ISweepListener
{
    public static readonly TimeSpan ReminderEvery = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Outage> _outages = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void SweepEnded(SweepSummary summary)
    {
        LogSweep(summary.ToString());
        foreach (var failure in summary.Failures)
            LogPartFailed(failure.Target, failure.Kind, failure.Message);
        if (summary.Cancelled)
            return; // a stop is not news about the API; the next run tells how it goes

        var now = time.GetUtcNow();
        lock (_gate)
        {
            // Each provider's sweeps fail and recover on their own: one down must not read as every sweep flapping.
            var label = summary.Label;
            _outages.TryGetValue(label, out var outage);
            if (summary.Errors == 0)
            {
                if (outage is not null && _outages.Remove(label))
                    LogRecovered(label, Duration(now - outage.Since), outage.FailedSweeps);
                return;
            }

            var digest = SweepDigest.Describe(summary);
            var signature = SweepDigest.Signature(summary);
            if (outage is null)
            {
                _outages[label] = new Outage(now, signature) { LastTold = now, FailedSweeps = 1 };
                LogFailing(label, summary.SweepId, digest);
                return;
            }
            outage.FailedSweeps++;
            if (signature != outage.Signature || now - outage.LastTold >= ReminderEvery)
            {
                outage.Signature = signature;
                outage.LastTold = now;
                LogStillFailing(label, Duration(now - outage.Since), outage.FailedSweeps, digest);
            }
            else
                LogSameAgain(label, summary.SweepId, digest);
        }
    }

    private static string Duration(TimeSpan span)
    {
        var c = CultureInfo.InvariantCulture;
        if (span.TotalMinutes < 1)
            return string.Create(c, $"{span.TotalSeconds:0} s");
        if (span.TotalHours < 1)
            return string.Create(c, $"{span.TotalMinutes:0} min");
        return span.TotalDays < 1
            ? string.Create(c, $"{(int)span.TotalHours} h {span.Minutes} min")
            : string.Create(c, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    private sealed class Outage(DateTimeOffset since, string signature)
    {
        public DateTimeOffset Since { get; } = since;
        public string Signature { get; set; } = signature;
        public DateTimeOffset LastTold { get; set; }
        public int FailedSweeps { get; set; }
    }

    [LoggerMessage(LogLevel.Information, "{Summary}")]
    private partial void LogSweep(string summary);

    [LoggerMessage(LogLevel.Debug, "Sweep part {Target} failed ({Kind}): {Message}")]
    private partial void LogPartFailed(string target, string kind, string message);

    [LoggerMessage(LogLevel.Warning, "{Job} #{SweepId} failing: {Digest}")]
    private partial void LogFailing(string job, long sweepId, string digest);

    [LoggerMessage(LogLevel.Warning, "{Job} still failing after {Duration} ({FailedSweeps} sweeps in a row): {Digest}")]
    private partial void LogStillFailing(string job, string duration, int failedSweeps, string digest);

    [LoggerMessage(LogLevel.Debug, "{Job} #{SweepId} failing as before: {Digest}")]
    private partial void LogSameAgain(string job, long sweepId, string digest);

    [LoggerMessage(LogLevel.Information, "{Job} recovered after {Duration} of failures ({FailedSweeps} sweeps failed)")]
    private partial void LogRecovered(string job, string duration, int failedSweeps);
}
