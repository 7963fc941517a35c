using System.Data.Common;
using Dapper;
using SmsBuyz.Analytics.Market.Retention;

namespace SmsBuyz.Analytics.Market.History;

/// <summary>
/// Where each tier of the history holds, the one definition every history read uses: daily before
/// <see cref="HourlyFrom"/>, hourly from there until <see cref="RawFrom"/>, raw change points after. Maintenance moves
/// the bounds as it prunes by <c>Retention:RawDays</c> and <c>Retention:HourlyDays</c>, and readers take them from where
/// it stopped (<c>retention_cutoff</c>), not from the clock and the settings: a late or interrupted maintenance run then
/// never leaves a hole, and rows below a bound that are still being pruned are never read twice. The tiers meet in this
/// order (maintenance never prunes hourly past where raw starts). A tier never pruned still holds everything, so its
/// bound is <see cref="long.MinValue"/> and the coarser tiers get an empty part.
/// </summary>
public sealed record TierBounds(long RawFrom, long HourlyFrom)
{
    /// <summary>Read inside the caller's snapshot, so the bounds and the rows read after them agree while maintenance prunes.</summary>
    public static async Task<TierBounds> ReadAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        var kept = (await connection.QueryAsync<(string Tier, long KeptFrom)>(
                new CommandDefinition("SELECT tier, kept_from FROM retention_cutoff", transaction: tx, cancellationToken: ct)))
            .ToDictionary(k => k.Tier, k => k.KeptFrom);
        return new TierBounds(kept.GetValueOrDefault(PrunedTier.Raw.Name, long.MinValue), kept.GetValueOrDefault(PrunedTier.Hourly.Name, long.MinValue));
    }

    /// <summary>Where hour-level detail begins (before it only daily rows remain); null while everything stored has it.</summary>
    public long? HourDetailFrom => HourlyFrom == long.MinValue ? null : HourlyFrom;

    /// <summary>The part of [<paramref name="from"/>, <paramref name="to"/>) each tier holds, daily first; a part may be empty.</summary>
    public IReadOnlyList<TierPart> Parts(long from, long to) =>
    [
        new(HistoryTier.Daily, from, Math.Min(to, HourlyFrom)),
        new(HistoryTier.Hourly, Math.Max(from, HourlyFrom), Math.Min(to, RawFrom)),
        new(HistoryTier.Raw, Math.Max(from, RawFrom), to),
    ];

    /// <summary>A tier's table and the column its rows are timed by (a rollup bucket's start, a change point's time).</summary>
    public static (string Table, string At) Source(HistoryTier tier) => tier switch
    {
        HistoryTier.Daily => (RollupTier.Daily.Table, PrunedTier.Hourly.TimeColumn),
        HistoryTier.Hourly => (RollupTier.Hourly.Table, PrunedTier.Hourly.TimeColumn),
        _ => (PrunedTier.Raw.Table, PrunedTier.Raw.TimeColumn),
    };
}

/// <summary>The times [<see cref="From"/>, <see cref="To"/>) of a range that <see cref="Tier"/> holds.</summary>
public readonly record struct TierPart(HistoryTier Tier, long From, long To)
{
    public bool IsEmpty => From >= To;
}
