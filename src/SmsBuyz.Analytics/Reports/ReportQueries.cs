using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>One series: its names and the state price_latest holds for it.</summary>
public sealed record SeriesInfo(long Id, string Product, string Country, string Operator, long Price, long Qty, long ChangedAt);

/// <summary>
/// The report's reads. History is aggregated in SQL into buckets from the tier that holds each time (daily before the
/// hourly window, hourly before the raw window, raw after: the same boundaries as <c>SeriesHistory</c>), so no
/// query loads raw history wholesale.
/// </summary>
public sealed partial class ReportQueries(Database db)
{
    /// <summary>How far before a range the value carried in is looked for; older than that, price_latest holds it.</summary>
    public const long CarryLookbackMs = 7 * 24 * 3_600_000L;

    /// <summary>Every series in scope with its latest state, by product, country and operator.</summary>
    public async Task<IReadOnlyList<SeriesInfo>> SeriesAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SeriesInfo>(new CommandDefinition($"""
            SELECT s.id AS Id, p.name AS Product, c.code AS Country, o.name AS Operator, l.price AS Price, l.qty AS Qty,
                   l.changed_at AS ChangedAt
            FROM series s JOIN product p ON p.id = s.product_id JOIN country c ON c.id = s.country_id
            JOIN operator o ON o.id = s.operator_id JOIN price_latest l ON l.series_id = s.id
            WHERE 1 = 1 {scope.SeriesWhere(db)}
            ORDER BY p.name{db.ByBytes()}, c.code{db.ByBytes()}, o.name{db.ByBytes()}
            """, scope.Parameters, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>When the first sweep started: charts begin there rather than at an empty start of the period.</summary>
    public async Task<long?> FirstSweepAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT min(started_at) FROM sweep WHERE kind NOT IN {SqlList.Of(SweepKind.JobRuns)}", cancellationToken: ct));
    }
}
