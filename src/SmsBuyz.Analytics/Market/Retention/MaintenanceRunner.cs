using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>What one maintenance run did.</summary>
public sealed record MaintenanceResult(int HourlyRows, int DailyRows, long RawDeleted, long HourlyDeleted, TimeSpan Elapsed);

/// <summary>
/// Keeps the history small: rolls raw change points up into hourly and daily rows as they leave the raw window,
/// then deletes raw points older than <c>Retention:RawDays</c> and hourly rows older than <c>Retention:HourlyDays</c>.
/// Incremental and safe to interrupt or to run twice at once: every batch is one transaction that also moves the
/// progress on, and nothing is deleted before both rollups hold it.
/// </summary>
public sealed partial class MaintenanceRunner(Database db, IOptions<RetentionOptions> options,
    TimeProvider time, ILogger<MaintenanceRunner> logger)
{
    /// <summary>Series per transaction: at most 48,000 hourly rows (a day's window) per write lock.</summary>
    internal int SeriesPerBatch { get; set; } = 2_000;

    /// <summary>Called after each committed batch (tests interrupt a run here).</summary>
    internal Action? BatchCommitted { get; set; }

    public async Task<MaintenanceResult> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var o = options.Value;
        var now = UnixMs.From(time.GetUtcNow());
        // Rolled up only when leaving the raw window: rollups of data raw still holds would be pure overhead.
        var rawHorizon = now - (o.RawDays * UnixMs.DayMs);
        var hourlyHorizon = now - (o.HourlyDays * UnixMs.DayMs);

        // Prepared SQLite commands and BEGIN IMMEDIATE per batch; PostgreSQL drops whole partitions instead (still to come).
        await using var connection = await db.SqliteOnly("retention maintenance").OpenSqliteAsync(ct);
        var hourlyRows = await RollUpAsync(connection, RollupTier.Hourly, rawHorizon, ct);
        var dailyRows = await RollUpAsync(connection, RollupTier.Daily, rawHorizon, ct);

        long rawDeleted = 0, hourlyDeleted = 0;
        if (await RollupBatch.DoneUntilAsync(connection, RollupTier.Hourly) is { } hourlyDone
            && await RollupBatch.DoneUntilAsync(connection, RollupTier.Daily) is { } dailyDone)
        {
            var rawCutoff = Math.Min(Bucketizer.Floor(rawHorizon, UnixMs.HourMs), Math.Min(hourlyDone, dailyDone));
            rawDeleted = await Pruner.PruneAsync(connection, PrunedTier.Raw, rawCutoff, SeriesPerBatch, BatchCommitted, ct);
            // Hourly ends on a day boundary and never past where raw starts, so the three tiers always meet.
            var hourlyCutoff = Bucketizer.Floor(Math.Min(hourlyHorizon, rawCutoff), UnixMs.DayMs);
            hourlyDeleted = await Pruner.PruneAsync(connection, PrunedTier.Hourly, hourlyCutoff, SeriesPerBatch, BatchCommitted, ct);
        }

        var result = new MaintenanceResult(hourlyRows, dailyRows, rawDeleted, hourlyDeleted, time.GetElapsedTime(started));
        LogDone(result.HourlyRows, result.DailyRows, result.RawDeleted, result.HourlyDeleted, result.Elapsed.TotalSeconds);
        return result;
    }

    private async Task<int> RollUpAsync(Microsoft.Data.Sqlite.SqliteConnection connection, RollupTier tier, long horizon, CancellationToken ct)
    {
        var until = Bucketizer.Floor(horizon, tier.WidthMs);
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await RollupBatch.RunAsync(connection, tier, until, SeriesPerBatch, ct) is not { } rows)
                return total;
            total += rows;
            BatchCommitted?.Invoke();
        }
    }

    [LoggerMessage(LogLevel.Information,
        "Maintenance: {HourlyRows} hourly and {DailyRows} daily rows rolled up, {RawDeleted} raw points and {HourlyDeleted} hourly rows deleted in {Seconds:F1} s")]
    private partial void LogDone(int hourlyRows, int dailyRows, long rawDeleted, long hourlyDeleted, double seconds);
}
