using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// The report's reads of what the account and the jobs did: spend, order outcomes, rules' intents, sweeps. The market
/// itself (series, latest state, history in buckets) is read through <c>Market.History.MarketReadModel</c>.
/// </summary>
public sealed partial class ReportQueries(Database db)
{
    /// <summary>When the first sweep started: charts begin there rather than at an empty start of the period.</summary>
    public async Task<long?> FirstSweepAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT min(started_at) FROM sweep WHERE kind NOT IN {SqlList.Of(SweepKind.JobRuns)}", cancellationToken: ct));
    }
}
