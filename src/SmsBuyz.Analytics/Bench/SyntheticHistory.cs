using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

using SmsBuyz.Analytics.Market.Retention;

using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// Fills an empty, migrated database with the history a scenario leaves under a retention policy (raw for the last
/// RawDays, hourly back to HourlyDays, daily back to the start), for <c>bench query</c>. Rows go in time order,
/// sweep by sweep, as the real write path and maintenance add them, so pages fill as they would in production;
/// the bytes each tier takes are measured from the page count as it grows.
/// </summary>
public sealed class SyntheticHistory(SqliteConnection connection, SizeScenario scenario, RetentionOptions retention, long end, int seed = 42)
{
    /// <summary>200 products × 5 operators ("any" and four more) per country.</summary>
    public const int SeriesPerCountry = 1_000;
    private const int RowsPerTransaction = 1_000_000;

    private readonly Random _random = new(seed);
    private readonly long[] _price = new long[scenario.Series];
    private readonly long[] _qty = new long[scenario.Series];
    private SqliteTransaction? _tx;
    private int _pending;

    public static string CountryCode(int index) => string.Create(CultureInfo.InvariantCulture, $"c{index:D3}");
    public static string ProductName(int index) => string.Create(CultureInfo.InvariantCulture, $"product{index:D3}");
    public static string OperatorName(int index) => index == 0 ? "any" : string.Create(CultureInfo.InvariantCulture, $"op{index}");

    public async Task<TierBytes> BuildAsync(CancellationToken ct)
    {
        // A throwaway file: no fsync, and a cache big enough that inserts in time order are not disk bound.
        await connection.ExecuteAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;");
        var pages = await PagesAsync();
        await SeriesAsync(ct);
        var perSeries = await BytesSinceAsync(pages, scenario.Series);

        const long day = UnixMs.DayMs;
        long rawFrom = end - (retention.RawDays * day), hourlyFrom = end - (retention.HourlyDays * day), start = end - (scenario.Days * day);
        var sweep = scenario.SweepMinutes * 60_000L;
        pages = await PagesAsync();
        var rows = await FillAsync("price_change", Math.Max(start, rawFrom), end, sweep, scenario.ChangeShare, RawRowAsync, ct);
        var raw = await BytesSinceAsync(pages, rows);
        pages = await PagesAsync();
        rows = await FillAsync("price_hourly", Math.Max(start, hourlyFrom), rawFrom, UnixMs.HourMs, scenario.BucketShare(scenario.SweepsPerDay / 24.0), RollupRowAsync, ct);
        var hourly = await BytesSinceAsync(pages, rows);
        pages = await PagesAsync();
        rows = await FillAsync("price_daily", start, rawFrom, day, 1.0, RollupRowAsync, ct);
        var daily = await BytesSinceAsync(pages, rows);

        // Where maintenance would have left its progress and cutoffs, so SeriesHistory reads each tier where it is.
        await connection.ExecuteAsync("""
            INSERT INTO rollup_progress VALUES ('hourly', @rawFrom, @rawFrom, 0), ('daily', @rawFrom, @rawFrom, 0);
            INSERT INTO retention_cutoff VALUES ('raw', @rawFrom, 0, @rawFrom), ('hourly', @hourlyFrom, 0, @hourlyFrom);
            """, new { rawFrom, hourlyFrom });
        return new TierBytes(raw, hourly, daily, perSeries);
    }

    private async Task SeriesAsync(CancellationToken ct)
    {
        await BeginAsync(ct);
        var countries = (scenario.Series + SeriesPerCountry - 1) / SeriesPerCountry;
        await connection.ExecuteAsync("INSERT INTO country (id, code) VALUES (@id, @code)",
            Enumerable.Range(0, countries).Select(i => new { id = i + 1, code = CountryCode(i) }), _tx);
        await connection.ExecuteAsync("INSERT INTO product (id, name, key) VALUES (@id, @name, @name)",
            Enumerable.Range(0, SeriesPerCountry / 5).Select(i => new { id = i + 1, name = ProductName(i) }), _tx);
        await connection.ExecuteAsync("INSERT INTO operator (id, name, key) VALUES (@id, @name, @name)",
            Enumerable.Range(0, 5).Select(i => new { id = i + 1, name = OperatorName(i) }), _tx);
        await using var series = Prepared.Create(connection, _tx, "INSERT INTO series (id, product_id, country_id, operator_id) VALUES ($id, $p, $c, $o)", "$id", "$p", "$c", "$o");
        await using var latest = Prepared.Create(connection, _tx, "INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES ($id, $price, $qty, $at, $sweep, $qty)",
            "$id", "$price", "$qty", "$at", "$sweep");
        for (var i = 0; i < scenario.Series; i++)
        {
            (_price[i], _qty[i]) = (_random.NextInt64(1_000, 60_000), _random.NextInt64(0, 5_000));
            await series.Set(i + 1, (i % SeriesPerCountry / 5) + 1, (i / SeriesPerCountry) + 1, (i % 5) + 1).ExecuteNonQueryAsync(ct);
            await latest.Set(i + 1, _price[i], _qty[i], end - _random.NextInt64(UnixMs.DayMs), 1).ExecuteNonQueryAsync(ct);
        }
        await CommitAsync(ct);
    }

    private delegate Task RowWriter(SqliteCommand command, long seriesId, long at, CancellationToken ct);

    private async Task<long> FillAsync(string table, long from, long to, long step, double share, RowWriter write, CancellationToken ct)
    {
        var sql = table == "price_change"
            ? "INSERT INTO price_change VALUES ($s, $t, $a, $b, $c)"
            : $"INSERT INTO {table} VALUES ($s, $t, $a, $b, $c, $d, $e, $f, $g, $h, $i)";
        var rows = 0L;
        await BeginAsync(ct);
        var command = Prepared.Create(connection, _tx, sql, table == "price_change"
            ? ["$s", "$t", "$a", "$b", "$c"] : ["$s", "$t", "$a", "$b", "$c", "$d", "$e", "$f", "$g", "$h", "$i"]);
        for (var at = from; at < to; at += step)
            for (var i = 0; i < scenario.Series; i++)
            {
                if (_random.NextDouble() >= share)
                    continue;
                await write(command, i, at, ct);
                rows++;
                if (++_pending < RowsPerTransaction)
                    continue;
                await command.DisposeAsync();
                await CommitAsync(ct);
                await BeginAsync(ct);
                command = Prepared.Create(connection, _tx, sql, command.Parameters.Cast<SqliteParameter>().Select(p => p.ParameterName).ToArray());
            }
        await command.DisposeAsync();
        await CommitAsync(ct);
        return rows;
    }

    private Task RawRowAsync(SqliteCommand command, long i, long at, CancellationToken ct)
    {
        // A price move (1 % of sweeps) or a stock move past the deadband, in the proportion the scenario sets.
        if (_random.NextDouble() < scenario.PriceChangeShare / scenario.ChangeShare)
            _price[i] = Math.Max(100, _price[i] + _random.NextInt64(-_price[i] / 20, (_price[i] / 20) + 1));
        else
            _qty[i] = Math.Max(0, _qty[i] + _random.NextInt64(-_qty[i] / 3, (_qty[i] / 3) + 2));
        return command.Set(i + 1, at, _price[i], _qty[i], at / 300_000).ExecuteNonQueryAsync(ct);
    }

    private Task RollupRowAsync(SqliteCommand command, long i, long at, CancellationToken ct)
    {
        long price = _price[i], qty = _qty[i], spread = price / 20, qtySpread = (qty / 3) + 1;
        return command.Set(i + 1, at, price - _random.NextInt64(spread), price + _random.NextInt64(spread), price - (spread / 4), price,
            Math.Max(0, qty - _random.NextInt64(qtySpread)), qty + _random.NextInt64(qtySpread), qty, qty, _random.NextInt64(1, 30)).ExecuteNonQueryAsync(ct);
    }

    private async Task BeginAsync(CancellationToken ct) => _tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

    private async Task CommitAsync(CancellationToken ct)
    {
        await _tx!.CommitAsync(ct);
        await _tx.DisposeAsync();
        _pending = 0;
    }

    private Task<long> PagesAsync() => connection.ExecuteScalarAsync<long>("PRAGMA page_count");

    private async Task<double> BytesSinceAsync(long pagesBefore, long rows) =>
        rows == 0 ? 0 : (await PagesAsync() - pagesBefore) * await connection.ExecuteScalarAsync<long>("PRAGMA page_size") / (double)rows;
}
