using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The row writes of one SQLite market transaction, each prepared on first use and reused for every row, and run at
/// once. A new series gets its id from the cache, so a first load needs no <c>INSERT … RETURNING</c> round per series.
/// </summary>
internal sealed class MarketStatements(SqliteConnection connection) : IMarketRows
{
    private RawStatement? _insertSeries, _updateSources, _insertChange, _insertLatest, _updateLatest;

    public void InsertSeries(in SeriesState s) =>
        Prepare(ref _insertSeries, """
            INSERT INTO series (id, product_id, country_id, operator_id, sources, provider_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """).Bind(1, s.Id).Bind(2, s.Product).Bind(3, s.Country).Bind(4, s.Operator).Bind(5, (long)s.Sources).Bind(6, s.Provider).Run();

    public void UpdateSources(in SeriesState s) =>
        Prepare(ref _updateSources, "UPDATE series SET sources = ?2 WHERE id = ?1").Bind(1, s.Id).Bind(2, (long)s.Sources).Run();

    /// <summary>OR REPLACE: two answers of one group commit may observe a series at the same millisecond; the later wins.</summary>
    public void InsertChange(in SeriesState series, long at, long price, long qty, long sweepId) =>
        Prepare(ref _insertChange, """
            INSERT OR REPLACE INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES (?1, ?2, ?3, ?4, ?5)
            """).Bind(1, series.Id).Bind(2, at).Bind(3, price).Bind(4, qty).Bind(5, sweepId).Run();

    public void WriteLatest(bool exists, long seriesId, long price, long qty, long at, long sweepId, long recordedQty)
    {
        var statement = exists
            ? Prepare(ref _updateLatest, """
                UPDATE price_latest SET price = ?2, qty = ?3, changed_at = ?4, sweep_id = ?5, recorded_qty = ?6 WHERE series_id = ?1
                """)
            : Prepare(ref _insertLatest, """
                INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """);
        statement.Bind(1, seriesId).Bind(2, price).Bind(3, qty).Bind(4, at).Bind(5, sweepId).Bind(6, recordedQty).Run();
    }

    /// <summary>Nothing is held: every row ran when it was written.</summary>
    public Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    private RawStatement Prepare(ref RawStatement? statement, string sql) => statement ??= new RawStatement(connection, sql);

    public void Dispose()
    {
        foreach (var statement in new[] { _insertSeries, _updateSources, _insertChange, _insertLatest, _updateLatest })
            statement?.Dispose();
    }
}
