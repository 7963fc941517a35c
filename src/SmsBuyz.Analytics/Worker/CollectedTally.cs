using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <summary>What a database holds, in the numbers the demo prints at the end.</summary>
public sealed record CollectedTally(long Sweeps, long Interrupted, long Points, long Changes, long Errors, long Series, long Orders, long Payments)
{
    /// <remarks>
    /// PostgreSQL sums BIGINT as numeric, and Dapper fills a tuple only from columns of its types: hence the casts (a
    /// no-op on SQLite). The series are counted by the market's read model, as every reader of the market does.
    /// </remarks>
    public static async Task<CollectedTally> ReadAsync(Database db, MarketReadModel market, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (sweeps, interrupted, points, changes, errors, orders, payments) =
            await connection.QuerySingleAsync<(long, long, long, long, long, long, long)>(new CommandDefinition($"""
                SELECT (SELECT COUNT(*) FROM sweep),
                       (SELECT COUNT(DISTINCT sweep_id) FROM sweep_error WHERE kind = '{SweepErrorKind.Interrupted}'),
                       (SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM sweep),
                       (SELECT CAST(COALESCE(SUM(changes), 0) AS BIGINT) FROM sweep),
                       (SELECT CAST(COALESCE(SUM(errors), 0) AS BIGINT) FROM sweep),
                       (SELECT COUNT(*) FROM orders),
                       (SELECT COUNT(*) FROM payments)
                """, cancellationToken: ct));
        var series = await market.CountAsync(MarketFilter.All, ct);
        return new CollectedTally(sweeps, interrupted, points, changes, errors, series, orders, payments);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sweeps} sweeps{(Interrupted > 0 ? $" ({Interrupted} interrupted)" : "")}, {Points} points, {Changes} changes, {Errors} errors; {Series} price series; {Orders} orders, {Payments} payments");
}
