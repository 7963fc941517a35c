using System.Diagnostics;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Times the row writes of a market transaction, so a sweep's diff (<see cref="ChangeWriter"/>, which runs SQLite's rows
/// inline) and its writing are told apart (<see cref="Api.SweepStages"/>). Two clock reads a row: a few percent of a
/// row SQLite writes, nothing beside one it does not (an unchanged point writes none).
/// </summary>
internal sealed class TimedRows(IMarketRows rows) : IMarketRows
{
    /// <summary>Stopwatch ticks spent in the rows so far.</summary>
    public long Ticks { get; private set; }

    public void InsertSeries(in SeriesState series)
    {
        var started = Stopwatch.GetTimestamp();
        rows.InsertSeries(in series);
        Ticks += Stopwatch.GetTimestamp() - started;
    }

    public void UpdateSources(in SeriesState series)
    {
        var started = Stopwatch.GetTimestamp();
        rows.UpdateSources(in series);
        Ticks += Stopwatch.GetTimestamp() - started;
    }

    public void InsertChange(in SeriesState series, long at, long price, long qty, long sweepId)
    {
        var started = Stopwatch.GetTimestamp();
        rows.InsertChange(in series, at, price, qty, sweepId);
        Ticks += Stopwatch.GetTimestamp() - started;
    }

    public void WriteLatest(bool exists, long seriesId, long price, long qty, long at, long sweepId, long recordedQty)
    {
        var started = Stopwatch.GetTimestamp();
        rows.WriteLatest(exists, seriesId, price, qty, at, sweepId, recordedQty);
        Ticks += Stopwatch.GetTimestamp() - started;
    }

    public Task FlushAsync(CancellationToken ct) => rows.FlushAsync(ct);

    public void Dispose() => rows.Dispose();
}
