using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// How the data of the period was collected, per provider (its name; empty for job runs, which ask no provider) and sweep kind: sweeps started, finished without errors, with errors,
/// interrupted (killed and closed at the next start), still running, and what they fetched and stored.
/// </summary>
public sealed record SweepKindRow
{
    public string Provider { get; init; } = "";
    public string Kind { get; init; } = "";
    public long Sweeps { get; init; }
    public long Ok { get; init; }
    public long WithErrors { get; init; }
    public long Interrupted { get; init; }
    public long Running { get; init; }
    public long Requests { get; init; }
    public long Points { get; init; }
    public long Changes { get; init; }
}

public sealed partial class ReportQueries
{
    public async Task<IReadOnlyList<SweepKindRow>> SweepsAsync(ReportScope scope, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SweepKindRow>(new CommandDefinition($"""
            SELECT coalesce(v.name, '') AS Provider, s.kind AS Kind, count(*) AS Sweeps,
                   count(*) FILTER (WHERE finished_at IS NOT NULL AND errors = 0) AS Ok,
                   count(*) FILTER (WHERE finished_at IS NOT NULL AND errors > 0 AND NOT interrupted) AS WithErrors,
                   count(*) FILTER (WHERE interrupted) AS Interrupted, count(*) FILTER (WHERE finished_at IS NULL) AS Running,
                   sum(requests) AS Requests, sum(points) AS Points, sum(changes) AS Changes
            FROM (SELECT s.*, EXISTS (SELECT 1 FROM sweep_error e WHERE e.sweep_id = s.id AND e.kind = @interrupted) AS interrupted
                  FROM sweep s WHERE started_at >= @from AND started_at < @to{(scope.Provider is null ? "" : " AND s.provider_id = @Provider")}) s
            LEFT JOIN provider v ON v.id = s.provider_id
            GROUP BY s.provider_id, v.name, s.kind ORDER BY coalesce(v.name, ''){db.ByBytes()}, s.kind{db.ByBytes()}
            """, new { from = UnixMs.From(scope.From), to = UnixMs.From(scope.To), interrupted = SweepErrorKind.Interrupted, Provider = scope.Provider?.Id },
            cancellationToken: ct));
        return rows.ToList();
    }
}
