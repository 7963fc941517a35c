using System.Data.Common;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// What the database says at scrape time: buys by outcome and money spent (counters that only grow, since intents are
/// never deleted), unknown buy outcomes still open, open orders, and the last balance read. Read from the database,
/// not counted in memory, so a manual <c>buy</c> from another process and a restart are counted the same way.
/// </summary>
public sealed partial class StateGauges
{
    /// <summary>Prometheus scrapes every 15–60 s; a burst of scrapes (several dashboards) reads the database once.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly Database _db;
    private readonly TimeProvider _time;
    private readonly ILogger<StateGauges> _logger;
    private readonly Lock _gate = new();
    private State _state = State.Empty;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public StateGauges(IMeterFactory meters, Database db, TimeProvider time, ILogger<StateGauges> logger)
    {
        (_db, _time, _logger) = (db, time, logger);
        var meter = meters.Create(ApiMetrics.MeterName);
        meter.CreateObservableCounter("smsbuyz.buys", () => Read().Buys
            .Select(b => new Measurement<long>(b.Count, new KeyValuePair<string, object?>("outcome", b.Outcome))),
            "{buy}", "Auto-buy and manual buys by outcome: bought, failed, dry_run (would-be buys in DryRun)");
        meter.CreateObservableCounter("smsbuyz.spend", () => (double)Read().Spent,
            "{currency}", "Money charged for live buys (the order's price), refunds not subtracted, in the account's currency");
        meter.CreateObservableGauge("smsbuyz.buys.unknown", () => Read().Unknown,
            "{buy}", "Live buys whose outcome is not known yet (sent, answer lost): no new buy until they are reconciled");
        meter.CreateObservableGauge("smsbuyz.orders.open", () => Read().OpenOrders,
            "{order}", "Orders PENDING or RECEIVED, ours and bought elsewhere");
        meter.CreateObservableGauge("smsbuyz.balance", () => Read().Balance is { } b ? [new Measurement<double>((double)b)] : Array.Empty<Measurement<double>>(),
            "{currency}", "The account balance at the last profile read (account sweep)");
    }

    private State Read()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now - _readAt < CacheFor)
                return _state;
            _readAt = now;
            try
            {
                // Metric callbacks are synchronous; these are a few indexed counts on a local file.
                using var connection = _db.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
                var buys = connection.Query<(string State, long Count)>("""
                    SELECT state, count(*) FROM buy_intent WHERE state IN ('Bought', 'Failed', 'DryRun') GROUP BY state
                    """).Select(r => (Outcome: r.State == "DryRun" ? "dry_run" : r.State.ToLowerInvariant(), r.Count)).ToList();
                var row = connection.QuerySingle<(long Spent, long Unknown, long OpenOrders, long? Balance)>("""
                    SELECT (SELECT coalesce(sum(reserved), 0) FROM buy_intent WHERE state = 'Bought' AND mode = 'Live'),
                           (SELECT count(*) FROM buy_intent WHERE state IN ('Sent', 'Unknown')),
                           (SELECT count(*) FROM orders WHERE status IN ('PENDING', 'RECEIVED')),
                           (SELECT balance FROM profile_history ORDER BY id DESC LIMIT 1)
                    """);
                _state = new State(buys, Money.FromUnits(row.Spent), row.Unknown, row.OpenOrders,
                    row.Balance is { } b ? Money.FromUnits(b) : null);
            }
            catch (DbException ex)
            {
                // A scrape must not fail for a locked or missing file: the last values stay, /healthz reports the database.
                LogReadFailed(ex.Message);
            }
            return _state;
        }
    }

    private sealed record State(IReadOnlyList<(string Outcome, long Count)> Buys, decimal Spent, long Unknown, long OpenOrders, decimal? Balance)
    {
        public static readonly State Empty = new([], 0, 0, 0, null);
    }

    [LoggerMessage(LogLevel.Debug, "Metrics: could not read the database ({Message}); the last values are reported")]
    private partial void LogReadFailed(string message);
}
