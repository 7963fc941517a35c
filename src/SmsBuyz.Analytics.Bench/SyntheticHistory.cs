using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// Fills an empty, migrated database with the history a scenario leaves under a retention policy (raw for the last
/// RawDays, hourly back to HourlyDays, daily back to the start), for <c>bench query</c>. Rows go in time order,
/// sweep by sweep, as the real write path and maintenance add them, so pages fill as they would in production;
/// the bytes each tier takes are measured from the database's size as it grows. SQLite takes them through one
/// prepared INSERT, PostgreSQL through binary COPY (into month partitions of <c>price_change</c>, made first, as the
/// worker's maintenance makes them).
/// </summary>
/// <param name="baseUrl">Whose history it is (a <c>ProviderKey</c>): no real provider's by default; a test reading it
/// through the app names the configured one.</param>
public sealed class SyntheticHistory(DbConnection connection, SizeScenario scenario, RetentionOptions retention, long end, int seed = 42,
    string baseUrl = SyntheticHistory.DefaultBaseUrl)
{
    /// <summary>The synthetic history's own provider: a base URL no API answers at.</summary>
    public const string DefaultBaseUrl = "https://bench.invalid/history";

    /// <summary>200 products × 5 operators ("any" and four more) per country.</summary>
    public const int SeriesPerCountry = 1_000;

    /// <summary>The provider every synthetic series belongs to (the history is no real provider's).</summary>
    public const long ProviderId = 1;

    private const int RowsPerTransaction = 1_000_000;

    private readonly Random _random = new(seed);
    private readonly long[] _price = new long[scenario.Series];
    private readonly long[] _qty = new long[scenario.Series];

    public static string CountryCode(int index) => string.Create(CultureInfo.InvariantCulture, $"c{index:D3}");
    public static string ProductName(int index) => string.Create(CultureInfo.InvariantCulture, $"product{index:D3}");
    public static string OperatorName(int index) => index == 0 ? "any" : string.Create(CultureInfo.InvariantCulture, $"op{index}");

    private static readonly string[] ChangeColumns = ["series_id", "observed_at", "price", "qty", "sweep_id"];
    private static readonly string[] RollupColumns = ["series_id", "bucket_start", "price_min", "price_max", "price_avg", "price_last",
        "qty_min", "qty_max", "qty_avg", "qty_last", "changes"];

    public async Task<TierBytes> BuildAsync(CancellationToken ct)
    {
        // A throwaway database: no fsync, and (SQLite) a cache big enough that inserts in time order are not disk bound.
        await connection.ExecuteAsync(connection is SqliteConnection
            ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;"
            : "SET synchronous_commit = off");
        const long day = UnixMs.DayMs;
        long rawFrom = end - (retention.RawDays * day), hourlyFrom = end - (retention.HourlyDays * day), start = end - (scenario.Days * day);
        if (connection is NpgsqlConnection)
            await connection.ExecuteAsync("SELECT price_change_ensure_partitions(@from, @end)", new { from = Math.Max(start, rawFrom), end });

        var bytes = await DatabaseBytesAsync();
        await SeriesAsync(ct);
        var perSeries = await BytesSinceAsync(bytes, scenario.Series);

        var sweep = scenario.SweepMinutes * 60_000L;
        bytes = await DatabaseBytesAsync();
        var rows = await FillAsync("price_change", ChangeColumns, Math.Max(start, rawFrom), end, sweep, scenario.ChangeShare, RawRow, ct);
        var raw = await BytesSinceAsync(bytes, rows);
        bytes = await DatabaseBytesAsync();
        rows = await FillAsync("price_hourly", RollupColumns, Math.Max(start, hourlyFrom), rawFrom, UnixMs.HourMs,
            scenario.BucketShare(scenario.SweepsPerDay / 24.0), RollupRow, ct);
        var hourly = await BytesSinceAsync(bytes, rows);
        bytes = await DatabaseBytesAsync();
        rows = await FillAsync("price_daily", RollupColumns, start, rawFrom, day, 1.0, RollupRow, ct);
        var daily = await BytesSinceAsync(bytes, rows);

        // Where maintenance would have left its progress and cutoffs, so the market read model reads each tier where it is.
        await connection.ExecuteAsync("""
            INSERT INTO rollup_progress VALUES ('hourly', @rawFrom, @rawFrom, 0), ('daily', @rawFrom, @rawFrom, 0);
            INSERT INTO retention_cutoff VALUES ('raw', @rawFrom, 0, @rawFrom), ('hourly', @hourlyFrom, 0, @hourlyFrom);
            """, new { rawFrom, hourlyFrom });
        if (connection is NpgsqlConnection)
            // What autovacuum would have done by now on a database that grew over a year: statistics for the planner,
            // and the visibility map that lets an index answer a read without visiting the table.
            await connection.ExecuteAsync("VACUUM (ANALYZE)", commandTimeout: 0);
        return new TierBytes(raw, hourly, daily, perSeries);
    }

    private async Task SeriesAsync(CancellationToken ct)
    {
        var countries = (scenario.Series + SeriesPerCountry - 1) / SeriesPerCountry;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await connection.ExecuteAsync("INSERT INTO country (id, code) VALUES (@id, @code)",
                Enumerable.Range(0, countries).Select(i => new { id = i + 1, code = CountryCode(i) }), tx);
            await connection.ExecuteAsync("INSERT INTO product (id, name, key) VALUES (@id, @name, @name)",
                Enumerable.Range(0, SeriesPerCountry / 5).Select(i => new { id = i + 1, name = ProductName(i) }), tx);
            await connection.ExecuteAsync("INSERT INTO operator (id, name, key) VALUES (@id, @name, @name)",
                Enumerable.Range(0, 5).Select(i => new { id = i + 1, name = OperatorName(i) }), tx);
            await connection.ExecuteAsync("INSERT INTO provider (id, base_url, name, first_seen_at) VALUES (@ProviderId, @url, 'synthetic', 0)",
                new { ProviderId, url = baseUrl }, tx);
            await tx.CommitAsync(ct);
        }
        await using (var series = await TableWriter.StartAsync(connection, "series", ["id", "product_id", "country_id", "operator_id", "provider_id"], ct))
        {
            for (var i = 0; i < scenario.Series; i++)
                await series.AddAsync(ct, i + 1, (i % SeriesPerCountry / 5) + 1, (i / SeriesPerCountry) + 1, (i % 5) + 1, ProviderId);
            await series.CompleteAsync(ct);
        }
        await using var latest = await TableWriter.StartAsync(connection, "price_latest",
            ["series_id", "price", "qty", "changed_at", "sweep_id", "recorded_qty"], ct);
        for (var i = 0; i < scenario.Series; i++)
        {
            (_price[i], _qty[i]) = (_random.NextInt64(1_000, 60_000), _random.NextInt64(0, 5_000));
            await latest.AddAsync(ct, i + 1, _price[i], _qty[i], end - _random.NextInt64(UnixMs.DayMs), 1, _qty[i]);
        }
        await latest.CompleteAsync(ct);
    }

    private delegate long[] RowMaker(long seriesIndex, long at);

    private async Task<long> FillAsync(string table, string[] columns, long from, long to, long step, double share, RowMaker row,
        CancellationToken ct)
    {
        var rows = 0L;
        await using var writer = await TableWriter.StartAsync(connection, table, columns, ct);
        for (var at = from; at < to; at += step)
            for (var i = 0; i < scenario.Series; i++)
            {
                if (_random.NextDouble() >= share)
                    continue;
                await writer.AddAsync(ct, row(i, at));
                rows++;
            }
        await writer.CompleteAsync(ct);
        return rows;
    }

    private long[] RawRow(long i, long at)
    {
        // A price move (1 % of sweeps) or a stock move past the deadband, in the proportion the scenario sets.
        if (_random.NextDouble() < scenario.PriceChangeShare / scenario.ChangeShare)
            _price[i] = Math.Max(100, _price[i] + _random.NextInt64(-_price[i] / 20, (_price[i] / 20) + 1));
        else
            _qty[i] = Math.Max(0, _qty[i] + _random.NextInt64(-_qty[i] / 3, (_qty[i] / 3) + 2));
        return [i + 1, at, _price[i], _qty[i], at / 300_000];
    }

    private long[] RollupRow(long i, long at)
    {
        long price = _price[i], qty = _qty[i], spread = price / 20, qtySpread = (qty / 3) + 1;
        return [i + 1, at, price - _random.NextInt64(spread), price + _random.NextInt64(spread), price - (spread / 4), price,
            Math.Max(0, qty - _random.NextInt64(qtySpread)), qty + _random.NextInt64(qtySpread), qty, qty, _random.NextInt64(1, 30)];
    }

    /// <summary>SQLite: the pages in use. PostgreSQL: the database's files (tables, indexes, free space in their pages).</summary>
    private async Task<long> DatabaseBytesAsync() => connection is SqliteConnection
        ? await connection.ExecuteScalarAsync<long>("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        : await connection.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");

    private async Task<double> BytesSinceAsync(long bytesBefore, long rows) =>
        rows == 0 ? 0 : (await DatabaseBytesAsync() - bytesBefore) / (double)rows;

    /// <summary>
    /// Integer rows into one table in transactions of <see cref="RowsPerTransaction"/>: a prepared INSERT on SQLite,
    /// binary COPY on PostgreSQL.
    /// </summary>
    private sealed class TableWriter : IAsyncDisposable
    {
        private readonly DbConnection _connection;
        private readonly string _table;
        private readonly string[] _columns;
        private DbTransaction? _tx;
        private DbCommand? _insert;
        private NpgsqlBinaryImporter? _copy;
        private int _pending;

        private TableWriter(DbConnection connection, string table, string[] columns) =>
            (_connection, _table, _columns) = (connection, table, columns);

        public static async Task<TableWriter> StartAsync(DbConnection connection, string table, string[] columns, CancellationToken ct)
        {
            var writer = new TableWriter(connection, table, columns);
            await writer.BeginAsync(ct);
            return writer;
        }

        public async Task AddAsync(CancellationToken ct, params long[] values)
        {
            if (_copy is { } copy)
            {
                copy.StartRow();
                foreach (var value in values)
                    copy.Write(value, NpgsqlDbType.Bigint);
            }
            else
                await _insert!.Set(values).ExecuteNonQueryAsync(ct);
            if (++_pending < RowsPerTransaction)
                return;
            await CompleteAsync(ct);
            await BeginAsync(ct);
        }

        private async Task BeginAsync(CancellationToken ct)
        {
            _tx = await _connection.BeginTransactionAsync(ct);
            _pending = 0;
            var columns = string.Join(", ", _columns);
            if (_connection is NpgsqlConnection postgres)
                _copy = await postgres.BeginBinaryImportAsync($"COPY {_table} ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            else
                _insert = await Prepared.CreateAsync(_connection, _tx, $"INSERT INTO {_table} ({columns}) VALUES ({string.Join(", ", _columns.Select(c => "@" + c))})",
                    [.. _columns.Select(c => "@" + c)], ct);
        }

        /// <summary>Commits what was added since the last commit.</summary>
        public async Task CompleteAsync(CancellationToken ct)
        {
            if (_copy is not null)
            {
                await _copy.CompleteAsync(ct);
                await _copy.DisposeAsync();
                _copy = null;
            }
            if (_insert is not null)
            {
                await _insert.DisposeAsync();
                _insert = null;
            }
            await _tx!.CommitAsync(ct);
            await _tx.DisposeAsync();
            _tx = null;
        }

        /// <summary>Rolls back what was not completed (a failed or cancelled build).</summary>
        public async ValueTask DisposeAsync()
        {
            if (_copy is not null)
                await _copy.DisposeAsync();
            if (_insert is not null)
                await _insert.DisposeAsync();
            if (_tx is not null)
                await _tx.DisposeAsync();
        }
    }
}
