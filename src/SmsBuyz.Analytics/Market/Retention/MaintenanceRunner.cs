using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Retention;

/// <summary>What one maintenance run did.</summary>
public sealed record MaintenanceResult(int HourlyRows, int DailyRows, long RawDeleted, long HourlyDeleted, long WatchSweepsDeleted, TimeSpan Elapsed);

/// <summary>
/// Keeps the history small: rolls raw change points up into hourly and daily rows as they leave the raw window,
/// then deletes raw points older than <c>Retention:RawDays</c> and hourly rows older than <c>Retention:HourlyDays</c>, and
/// the sweep rows of watch polls older than <c>Retention:HourlyDays</c> (<see cref="SweepPruner"/>).
/// Incremental and safe to interrupt or to run twice at once, also from two workers: every batch is one transaction
/// under the retention write lock that also moves the progress on, and nothing is deleted before both rollups hold it.
/// Where <c>price_change</c> is partitioned by month (PostgreSQL, <see cref="Database.PartitionedByMonth"/>) it first
/// makes this month's and the next two months' partitions, and the raw tier drops whole months (<see cref="Pruner"/>).
/// </summary>
public sealed partial class MaintenanceRunner(Database db, IOptions<RetentionOptions> options,
    TimeProvider time, ILogger<MaintenanceRunner> logger)
{
    /// <summary>Series per transaction: at most 48,000 hourly rows (a day's window) per write lock.</summary>
    internal int SeriesPerBatch { get; set; } = 2_000;

    /// <summary>Watch-poll sweep rows per transaction: a first run over months of polls never holds the write lock for long.</summary>
    internal int WatchSweepsPerBatch { get; set; } = 10_000;

    /// <summary>
    /// PostgreSQL: how long dropping old months may wait for <c>price_change</c> (its readers and writers wait behind
    /// it meanwhile) before leaving them to the next run.
    /// </summary>
    internal TimeSpan DetachLockTimeout { get; set; } = TimeSpan.FromSeconds(10);

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

        await using var connection = await db.OpenAsync(ct);
        if (db.PartitionedByMonth)
            await EnsurePartitionsAsync(connection, now, ct);
        var hourlyRows = await RollUpAsync(connection, RollupTier.Hourly, rawHorizon, ct);
        var dailyRows = await RollUpAsync(connection, RollupTier.Daily, rawHorizon, ct);

        long rawDeleted = 0, hourlyDeleted = 0;
        if (await RollupBatch.DoneUntilAsync(connection, RollupTier.Hourly) is { } hourlyDone
            && await RollupBatch.DoneUntilAsync(connection, RollupTier.Daily) is { } dailyDone)
        {
            var rawCutoff = Math.Min(Bucketizer.Floor(rawHorizon, UnixMs.HourMs), Math.Min(hourlyDone, dailyDone));
            try
            {
                rawDeleted = db.PartitionedByMonth
                    ? await Pruner.DropMonthsAsync(db, connection, rawCutoff, DetachLockTimeout, BatchCommitted, ct)
                    : await Pruner.PruneAsync(db, connection, PrunedTier.Raw, rawCutoff, SeriesPerBatch, BatchCommitted, ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                // Readers already start at the new cutoff (committed first); the months wait for the next run.
                LogMonthsDeferred(DetachLockTimeout.TotalSeconds);
            }
            // Hourly ends on a day boundary and never past where raw starts, so the three tiers always meet.
            var hourlyCutoff = Bucketizer.Floor(Math.Min(hourlyHorizon, rawCutoff), UnixMs.DayMs);
            hourlyDeleted = await Pruner.PruneAsync(db, connection, PrunedTier.Hourly, hourlyCutoff, SeriesPerBatch, BatchCommitted, ct);
        }

        var watchDeleted = await SweepPruner.PruneWatchAsync(db, connection, hourlyHorizon, WatchSweepsPerBatch, BatchCommitted, ct);

        var result = new MaintenanceResult(hourlyRows, dailyRows, rawDeleted, hourlyDeleted, watchDeleted, time.GetElapsedTime(started));
        LogDone(result.HourlyRows, result.DailyRows, result.RawDeleted, result.HourlyDeleted, result.WatchSweepsDeleted, result.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>
    /// This month's partition and the next two months', as the migrator makes them at start, so a worker that runs for
    /// months keeps writing into month partitions (which retention can drop whole) rather than the default one.
    /// </summary>
    private static Task<int> EnsurePartitionsAsync(DbConnection connection, long now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT price_change_ensure_partitions(@now, @until)",
            new { now, until = now + PostgreSqlMigrator.PartitionsAheadMs }, cancellationToken: ct));

    private async Task<int> RollUpAsync(DbConnection connection, RollupTier tier, long horizon, CancellationToken ct)
    {
        var until = Bucketizer.Floor(horizon, tier.WidthMs);
        var total = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (await RollupBatch.RunAsync(db, connection, tier, until, SeriesPerBatch, ct) is not { } rows)
                return total;
            total += rows;
            BatchCommitted?.Invoke();
        }
    }

    [LoggerMessage(LogLevel.Information,
        "Maintenance: {HourlyRows} hourly and {DailyRows} daily rows rolled up, {RawDeleted} raw points, {HourlyDeleted} hourly rows and {WatchSweeps} watch-poll sweep rows deleted in {Seconds:F1} s")]
    private partial void LogDone(int hourlyRows, int dailyRows, long rawDeleted, long hourlyDeleted, long watchSweeps, double seconds);

    [LoggerMessage(LogLevel.Warning,
        "Maintenance: old months of price_change not dropped: it stayed busy for {Seconds:F0} s (long reads or writes); the next run drops them")]
    private partial void LogMonthsDeferred(double seconds);
}
