using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// What one run collected, in the numbers the demo prints at the end: the sweeps begun and the orders and payments first
/// seen since the run started (a second demo in the same folder counts its own), and the price series the database holds.
/// </summary>
public sealed record CollectedTally(long Sweeps, long Interrupted, long Points, long Changes, long Errors, long Series, long Orders, long Payments)
{
    /// <remarks>
    /// PostgreSQL sums BIGINT as numeric, and Dapper fills a tuple only from columns of its types: hence the casts (a
    /// no-op on SQLite). The series are counted by the market's read model, as every reader of the market does.
    /// </remarks>
    /// <param name="since">The run's start: what began or was first seen before it is another run's.</param>
    public static async Task<CollectedTally> ReadAsync(Database db, MarketReadModel market, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (sweeps, interrupted, points, changes, errors, orders, payments) =
            await connection.QuerySingleAsync<(long, long, long, long, long, long, long)>(new CommandDefinition($"""
                SELECT (SELECT COUNT(*) FROM sweep WHERE started_at >= @Since),
                       (SELECT COUNT(DISTINCT e.sweep_id) FROM sweep_error e JOIN sweep s ON s.id = e.sweep_id
                        WHERE e.kind = '{SweepErrorKind.Interrupted}' AND s.started_at >= @Since),
                       (SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM sweep WHERE started_at >= @Since),
                       (SELECT CAST(COALESCE(SUM(changes), 0) AS BIGINT) FROM sweep WHERE started_at >= @Since),
                       (SELECT CAST(COALESCE(SUM(errors), 0) AS BIGINT) FROM sweep WHERE started_at >= @Since),
                       (SELECT COUNT(*) FROM orders WHERE first_seen_at >= @Since),
                       (SELECT COUNT(*) FROM payments WHERE first_seen_at >= @Since)
                """, new { Since = UnixMs.From(since) }, cancellationToken: ct));
        var series = await market.CountAsync(MarketFilter.All, ct);
        return new CollectedTally(sweeps, interrupted, points, changes, errors, series, orders, payments);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sweeps} sweeps{(Interrupted > 0 ? $" ({Interrupted} interrupted)" : "")}, {Points} points, {Changes} changes, {Errors} errors, {Orders} orders, {Payments} payments; {Series} price series stored");
}
