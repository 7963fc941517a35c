using Dapper;
using SmsBuyz.Analytics.Market.Retention;

namespace SmsBuyz.Analytics.Reports;

public sealed partial class ReportQueries
{
    /// <summary>
    /// Where hour-level detail begins: before it only daily rollups remain, which hold no hour of the day (the hourly
    /// tier's <c>kept_from</c>; null while it was never pruned, so everything stored has hour-level detail).
    /// </summary>
    public async Task<long?> HourlyDetailFromAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT kept_from FROM retention_cutoff WHERE tier = @tier", new { tier = PrunedTier.Hourly.Name }, cancellationToken: ct));
    }
}
