namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The row writes of one market transaction, as <see cref="ChangeWriter"/> decides them. SQLite runs each at once
/// through a prepared statement (<see cref="MarketStatements"/>); PostgreSQL collects them and sends them at the end in
/// a few bulk statements (<see cref="PostgreSqlMarketRows"/>), since there a round trip per row would cost far more
/// than the row. Either way a new series gets its id from the cache (the next after the largest), safe because the
/// writer holds the market's write lock and a cache that matches <c>market_version</c>.
/// </summary>
internal interface IMarketRows : IDisposable
{
    void InsertSeries(in SeriesState series);

    void UpdateSources(in SeriesState series);

    /// <summary>A change point; a second one of the series at the same millisecond replaces the first (the later answer wins).</summary>
    void InsertChange(in SeriesState series, long at, long price, long qty, long sweepId);

    /// <summary>A series' first latest row, or its next one; the cache knows which (<see cref="SeriesState.HasPrice"/>).</summary>
    void WriteLatest(bool exists, long seriesId, long price, long qty, long at, long sweepId, long recordedQty);

    /// <summary>Sends what is still held, inside the transaction, before <c>market_version</c> moves on.</summary>
    Task FlushAsync(CancellationToken ct);
}
