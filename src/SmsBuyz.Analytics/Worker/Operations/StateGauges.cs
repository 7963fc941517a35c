using System.Data.Common;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// What the database says: buys by outcome and money spent (counters that only grow, since intents are never
/// deleted), unknown buy outcomes still open, open orders, and the last balance read. Read from the database, not
/// counted in memory, so a manual <c>buy</c> from another process and a restart are counted the same way.
/// </summary>
/// <remarks>
/// A scrape never waits for the database: metric callbacks are synchronous, and a busy SQLite file or an unreachable
/// PostgreSQL server would hold the scrape (and the thread) for the whole timeout. A scrape reports the last read and,
/// when that is older than <see cref="CacheFor"/>, starts the next one in the background; one read runs at a time.
/// Until a first read has succeeded nothing is reported, rather than zeros that a counter would then jump from.
/// </remarks>
public sealed partial class StateGauges
{
    /// <summary>Prometheus scrapes every 15–60 s; a burst of scrapes (several dashboards) reads the database once.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private static readonly string BuysSql = $"""
        SELECT state, count(*) FROM buy_intent
        WHERE state IN {IntentStates.Sql([IntentState.Bought, IntentState.Failed, IntentState.DryRun])} GROUP BY state
        """;

    private static readonly string TotalsSql = $"""
        SELECT (SELECT coalesce(sum(reserved), 0) FROM buy_intent WHERE state = @bought AND mode = @live),
               (SELECT count(*) FROM buy_intent WHERE state IN {IntentStates.Sql(IntentStates.Unresolved)}),
               (SELECT count(*) FROM orders WHERE status IN {SqlList.Of(OrderStatus.Open)}),
               (SELECT balance FROM profile_history ORDER BY id DESC LIMIT 1)
        """;

    private readonly Database _db;
    private readonly TimeProvider _time;
    private readonly ILogger<StateGauges> _logger;
    private int _reading; // 1 while a background read runs
    private State? _state;
    private long _readAtTicks = DateTimeOffset.MinValue.UtcTicks;

    public StateGauges(IMeterFactory meters, Database db, TimeProvider time, ILogger<StateGauges> logger)
    {
        (_db, _time, _logger) = (db, time, logger);
        var meter = meters.Create(ApiMetrics.MeterName);
        meter.CreateObservableCounter("smsbuyz.buys", () => Last() is { } s
                ? s.Buys.Select(b => new Measurement<long>(b.Count, new KeyValuePair<string, object?>("outcome", b.Outcome)))
                : [],
            "{buy}", "Auto-buy and manual buys by outcome: bought, failed, dry_run (would-be buys in DryRun)");
        meter.CreateObservableCounter("smsbuyz.spend", () => Last() is { } s ? [new Measurement<double>((double)s.Spent)] : Array.Empty<Measurement<double>>(),
            "{currency}", "Money charged for live buys (the order's price), refunds not subtracted, in the account's currency");
        meter.CreateObservableGauge("smsbuyz.buys.unknown", () => Last() is { } s ? [new Measurement<long>(s.Unknown)] : Array.Empty<Measurement<long>>(),
            "{buy}", "Live buys whose outcome is not known yet (sent, answer lost): no new buy until they are reconciled");
        meter.CreateObservableGauge("smsbuyz.orders.open", () => Last() is { } s ? [new Measurement<long>(s.OpenOrders)] : Array.Empty<Measurement<long>>(),
            "{order}", "Orders PENDING or RECEIVED, ours and bought elsewhere");
        meter.CreateObservableGauge("smsbuyz.balance", () => Last()?.Balance is { } b ? [new Measurement<double>((double)b)] : Array.Empty<Measurement<double>>(),
            "{currency}", "The account balance at the last profile read (account sweep)");
    }

    /// <summary>What the last read found (null before the first); starts the next read when it is stale. Never blocks.</summary>
    private State? Last()
    {
        var readAt = new DateTimeOffset(Interlocked.Read(ref _readAtTicks), TimeSpan.Zero);
        if (_time.GetUtcNow() - readAt >= CacheFor && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            _ = Task.Run(ReadInBackgroundAsync);
        return Volatile.Read(ref _state);
    }

    /// <summary>Reads the database now and waits for it (a test; the scrape's path never waits).</summary>
    public Task RefreshAsync(CancellationToken ct) => ReadAsync(ct);

    /// <summary>Clears <see cref="_reading"/>, set by <see cref="Last"/>.</summary>
    private async Task ReadInBackgroundAsync()
    {
        try
        {
            await ReadAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: a failure other than the database's is logged here, or it would vanish.
            LogReadCrashed(ex);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        // Stamped before the read: a failing database is tried again after CacheFor, not at every callback meanwhile.
        Interlocked.Exchange(ref _readAtTicks, _time.GetUtcNow().UtcTicks);
        try
        {
            await using var connection = await _db.OpenAsync(ct);
            var buys = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(BuysSql, cancellationToken: ct)))
                .Select(r => (Outcome: Outcome(Enum.Parse<IntentState>(r.State)), r.Count)).ToList();
            var row = await connection.QuerySingleAsync<(long Spent, long Unknown, long OpenOrders, long? Balance)>(new CommandDefinition(
                TotalsSql, new { bought = nameof(IntentState.Bought), live = nameof(AutoBuyMode.Live) }, cancellationToken: ct));
            Volatile.Write(ref _state, new State(buys, Money.FromUnits(row.Spent), row.Unknown, row.OpenOrders,
                row.Balance is { } b ? Money.FromUnits(b) : null));
        }
        catch (DbException ex)
        {
            // A locked or missing file, a server away: the last values stay, /healthz reports the database.
            LogReadFailed(ex.Message);
        }
    }

    private static string Outcome(IntentState state) => state == IntentState.DryRun ? "dry_run" : state.ToString().ToLowerInvariant();

    private sealed record State(IReadOnlyList<(string Outcome, long Count)> Buys, decimal Spent, long Unknown, long OpenOrders, decimal? Balance);

    [LoggerMessage(LogLevel.Debug, "Metrics: could not read the database ({Message}); the last values are reported")]
    private partial void LogReadFailed(string message);

    [LoggerMessage(LogLevel.Warning, "Metrics: reading the stored state failed; the last values are reported")]
    private partial void LogReadCrashed(Exception exception);
}
