using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The row writes of one PostgreSQL market transaction, held until <see cref="FlushAsync"/> and then sent in bulk:
/// binary COPY for rows that cannot exist yet (new series, their first latest rows, change points after the series'
/// last stored time), one <c>unnest</c> statement each for the rest. A row a later answer of the group writes again
/// replaces the held one, as SQLite's <c>OR REPLACE</c> and <c>UPDATE</c> do.
/// </summary>
internal sealed class PostgreSqlMarketRows(NpgsqlConnection connection, bool keyed) : IMarketRows
{
    private readonly List<SeriesState> _newSeries = [];
    private readonly Dictionary<long, int> _newSeriesAt = [];
    private readonly Dictionary<long, SeriesSources> _sources = [];
    private readonly Dictionary<(long Series, long At), Change> _changes = [];
    private readonly Dictionary<long, Latest> _latest = [];

    private readonly record struct Change(long Price, long Qty, long SweepId, bool Keyed);

    private readonly record struct Latest(long Price, long Qty, long At, long SweepId, long RecordedQty, bool Exists);

    /// <summary>Written at the flush with the sources it has by then (<see cref="UpdateSources"/>).</summary>
    public void InsertSeries(in SeriesState series)
    {
        _newSeriesAt[series.Id] = _newSeries.Count;
        _newSeries.Add(series);
    }

    public void UpdateSources(in SeriesState series)
    {
        if (_newSeriesAt.TryGetValue(series.Id, out var at))
            CollectionsMarshal.AsSpan(_newSeries)[at].Sources = series.Sources;
        else
            _sources[series.Id] = series.Sources;
    }

    /// <summary>
    /// A key collision aborts a COPY, and with it the transaction, so a change point at or before the series' last
    /// stored time (a clock stepped back, two answers in one millisecond) goes through <c>ON CONFLICT</c> instead.
    /// The first row of a key decides how it is sent: a second one only replaces its values.
    /// </summary>
    public void InsertChange(in SeriesState series, long at, long price, long qty, long sweepId)
    {
        var key = (series.Id, at);
        var isKeyed = _changes.TryGetValue(key, out var held) ? held.Keyed : keyed || at <= series.WrittenUntil;
        _changes[key] = new Change(price, qty, sweepId, isKeyed);
    }

    public void WriteLatest(bool exists, long seriesId, long price, long qty, long at, long sweepId, long recordedQty)
    {
        // A row that did not exist before this transaction is still new, however often the group rewrites it.
        var existed = exists && !(_latest.TryGetValue(seriesId, out var held) && !held.Exists);
        _latest[seriesId] = new Latest(price, qty, at, sweepId, recordedQty, existed || keyed);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await CopySeriesAsync(ct);
        await UpdateSourcesAsync(ct);
        await CopyChangesAsync(ct);
        await UpsertChangesAsync(ct);
        await CopyLatestAsync(ct);
        await UpsertLatestAsync(ct);
    }

    /// <summary>The ids come from the cache (the largest + 1), which the market lock keeps for this writer alone.</summary>
    private async Task CopySeriesAsync(CancellationToken ct)
    {
        if (_newSeries.Count == 0)
            return;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY series (id, product_id, country_id, operator_id, sources, provider_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var s in _newSeries)
        {
            copy.StartRow();
            Write(copy, s.Id, s.Product, s.Country, s.Operator);
            Write(copy, (long)s.Sources, s.Provider);
        }
        await copy.CompleteAsync(ct);
    }

    private async Task UpdateSourcesAsync(CancellationToken ct)
    {
        if (_sources.Count == 0)
            return;
        await ExecuteAsync("""
            UPDATE series s SET sources = u.sources FROM unnest(@ids, @sources) AS u(id, sources) WHERE s.id = u.id
            """, ct, ("ids", _sources.Select(s => s.Key)), ("sources", _sources.Select(s => (long)s.Value)));
    }

    /// <summary>Partition routing is PostgreSQL's: a month without a partition lands in <c>price_change_default</c>.</summary>
    private async Task CopyChangesAsync(CancellationToken ct)
    {
        if (!_changes.Values.Any(c => !c.Keyed))
            return;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY price_change (series_id, observed_at, price, qty, sweep_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var ((series, at), c) in _changes)
        {
            if (c.Keyed)
                continue;
            copy.StartRow();
            Write(copy, series, at, c.Price, c.Qty);
            Write(copy, c.SweepId);
        }
        await copy.CompleteAsync(ct);
    }

    private async Task UpsertChangesAsync(CancellationToken ct)
    {
        var keyedRows = _changes.Where(c => c.Value.Keyed).ToList();
        if (keyedRows.Count == 0)
            return;
        await ExecuteAsync("""
            INSERT INTO price_change (series_id, observed_at, price, qty, sweep_id)
            SELECT * FROM unnest(@s, @t, @p, @q, @w)
            ON CONFLICT (series_id, observed_at) DO UPDATE SET price = excluded.price, qty = excluded.qty, sweep_id = excluded.sweep_id
            """, ct, ("s", keyedRows.Select(c => c.Key.Series)), ("t", keyedRows.Select(c => c.Key.At)),
            ("p", keyedRows.Select(c => c.Value.Price)), ("q", keyedRows.Select(c => c.Value.Qty)), ("w", keyedRows.Select(c => c.Value.SweepId)));
    }

    /// <summary>First latest rows, mostly of a first load: COPY, as nothing can be there yet.</summary>
    private async Task CopyLatestAsync(CancellationToken ct)
    {
        if (!_latest.Values.Any(l => !l.Exists))
            return;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (series, l) in _latest)
        {
            if (l.Exists)
                continue;
            copy.StartRow();
            Write(copy, series, l.Price, l.Qty, l.At);
            Write(copy, l.SweepId, l.RecordedQty);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>One round trip for every changed series, the arrays sent in binary.</summary>
    private async Task UpsertLatestAsync(CancellationToken ct)
    {
        var rows = _latest.Where(l => l.Value.Exists).ToList();
        if (rows.Count == 0)
            return;
        await ExecuteAsync("""
            INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty)
            SELECT * FROM unnest(@s, @p, @q, @t, @w, @r)
            ON CONFLICT (series_id) DO UPDATE SET price = excluded.price, qty = excluded.qty, changed_at = excluded.changed_at,
                sweep_id = excluded.sweep_id, recorded_qty = excluded.recorded_qty
            """, ct, ("s", rows.Select(l => l.Key)), ("p", rows.Select(l => l.Value.Price)), ("q", rows.Select(l => l.Value.Qty)),
            ("t", rows.Select(l => l.Value.At)), ("w", rows.Select(l => l.Value.SweepId)), ("r", rows.Select(l => l.Value.RecordedQty)));
    }

    // Synchronous writes into the importer's buffer, which sends a full buffer as it goes: per value, an async call
    // would cost more than the value. Overloads instead of params: no array per row.
    private static void Write(NpgsqlBinaryImporter copy, long a, long b, long c, long d)
    {
        Write(copy, a, b);
        Write(copy, c, d);
    }

    private static void Write(NpgsqlBinaryImporter copy, long a, long b)
    {
        Write(copy, a);
        Write(copy, b);
    }

    private static void Write(NpgsqlBinaryImporter copy, long value) => copy.Write(value, NpgsqlDbType.Bigint);

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, IEnumerable<long> Values)[] arrays)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, values) in arrays)
            command.Parameters.Add(new NpgsqlParameter<long[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. values] });
        await command.ExecuteNonQueryAsync(ct);
    }

    public void Dispose()
    {
    }
}
