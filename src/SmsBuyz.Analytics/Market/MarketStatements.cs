using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The row writes of one market transaction, each statement prepared once and reused. A new series gets its id here
/// (the next after the largest), so a first load needs no <c>INSERT … RETURNING</c> round per series: safe because the
/// writer holds the database's write lock and a cache that matches <c>market_version</c>. Inserts go in batches
/// (<see cref="InsertBatch"/>); any update first writes what is batched, so it never misses a row still waiting.
/// </summary>
internal sealed class MarketStatements(SqliteConnection connection) : IDisposable
{
    private readonly InsertBatch _series = new(connection, "INSERT INTO series (id, product_id, country_id, operator_id, sources) VALUES ", 5);

    /// <summary>OR REPLACE: two answers of one group commit may observe a series at the same millisecond; the later wins.</summary>
    private readonly InsertBatch _changes = new(connection, "INSERT OR REPLACE INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES ", 5);

    private readonly InsertBatch _latest = new(connection, "INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES ", 6);
    private RawStatement? _updateSources, _updateLatest;

    public void InsertSeries(SeriesState s) => Add(_series, [s.Id, s.Product, s.Country, s.Operator, (long)s.Sources]);

    public void InsertChange(long seriesId, long at, long price, long qty, long sweepId) => Add(_changes, [seriesId, at, price, qty, sweepId]);

    public void UpdateSources(SeriesState s)
    {
        Flush();
        (_updateSources ??= new RawStatement(connection, "UPDATE series SET sources = ?2 WHERE id = ?1")).Bind(1, s.Id).Bind(2, (long)s.Sources).Run();
    }

    /// <summary>A series' first latest row, or its next one; the cache knows which (<see cref="SeriesState.Price"/>).</summary>
    public void WriteLatest(bool exists, long seriesId, long price, long qty, long at, long sweepId, long recordedQty)
    {
        if (!exists)
        {
            Add(_latest, [seriesId, price, qty, at, sweepId, recordedQty]);
            return;
        }
        Flush();
        (_updateLatest ??= new RawStatement(connection, """
            UPDATE price_latest SET price = ?2, qty = ?3, changed_at = ?4, sweep_id = ?5, recorded_qty = ?6 WHERE series_id = ?1
            """)).Bind(1, seriesId).Bind(2, price).Bind(3, qty).Bind(4, at).Bind(5, sweepId).Bind(6, recordedQty).Run();
    }

    /// <summary>Writes every batched row: series before the rows that refer to them.</summary>
    public void Flush()
    {
        _series.Flush();
        _changes.Flush();
        _latest.Flush();
    }

    private void Add(InsertBatch batch, ReadOnlySpan<long> row)
    {
        if (batch.IsFull)
            Flush();
        batch.Add(row);
    }

    public void Dispose()
    {
        foreach (var statement in new IDisposable?[] { _series, _changes, _latest, _updateSources, _updateLatest })
            statement?.Dispose();
    }
}
