using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <summary>What a database holds, in the numbers the demo prints at the end.</summary>
public sealed record CollectedTally(long Sweeps, long Interrupted, long Points, long Changes, long Errors, long Series, long Orders, long Payments)
{
    /// <remarks>
    /// PostgreSQL sums BIGINT as numeric, and Dapper fills a constructor only from columns of its parameters' types:
    /// hence the casts (a no-op on SQLite).
    /// </remarks>
    public static async Task<CollectedTally> ReadAsync(Database db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleAsync<CollectedTally>($"""
            SELECT (SELECT COUNT(*) FROM sweep) AS Sweeps,
                   (SELECT COUNT(DISTINCT sweep_id) FROM sweep_error WHERE kind = '{SweepErrorKind.Interrupted}') AS Interrupted,
                   (SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM sweep) AS Points,
                   (SELECT CAST(COALESCE(SUM(changes), 0) AS BIGINT) FROM sweep) AS Changes,
                   (SELECT CAST(COALESCE(SUM(errors), 0) AS BIGINT) FROM sweep) AS Errors,
                   (SELECT COUNT(*) FROM price_latest) AS Series,
                   (SELECT COUNT(*) FROM orders) AS Orders,
                   (SELECT COUNT(*) FROM payments) AS Payments
            """);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Sweeps} sweeps{(Interrupted > 0 ? $" ({Interrupted} interrupted)" : "")}, {Points} points, {Changes} changes, {Errors} errors; {Series} price series; {Orders} orders, {Payments} payments");
}
