namespace SmsBuyz.Analytics.Market;

/// <summary>
/// One series: its provider and dimensions, its exact latest price (1e-4 units; <see cref="NoPrice"/> before the first
/// point) and stock, and the stock of its last recorded change point (the deadband's reference). A struct of numbers
/// only, held in a <see cref="SeriesTable"/>: a whole market is some 800,000 of them, which as objects cost 112 bytes
/// each plus a reference in every index and a gen2 collection's walk over each; as rows of a table, 48 bytes and
/// nothing for the collector to look into.
/// </summary>
/// <remarks>
/// 48 bytes, not the 64 of longs throughout: the id and the stocks are ints, the provider a ushort, the sources a byte
/// (a whole market's 790,000 series, 12.6 MB less). Ids and dimensions are numbered from 1 by one database and are
/// checked as they come in. A stock can be anything a server sends, so the table reads and writes the stocks
/// (<see cref="SeriesTable.Qty"/>, <see cref="SeriesTable.RecordedQty"/>) and keeps one beyond an int exactly beside
/// the rows.
/// </remarks>
internal struct SeriesState
{
    public const long NoPrice = long.MinValue;

    public long Price;

    /// <summary>
    /// The latest time the series has a row at, as far as this process knows: its latest row's <c>changed_at</c> when
    /// loaded, then the latest time written. A change point after it cannot collide with a stored one, which lets
    /// PostgreSQL append it with COPY (<see cref="PostgreSqlMarketRows"/>).
    /// </summary>
    public long WrittenUntil;

    public int Id;

    // The stocks as the table stores them (SeriesTable.Qty and RecordedQty read them): an int, or Wide.
    internal int QtyCell;
    internal int RecordedQtyCell;

    // Dimension ids are SQLite rowids or PostgreSQL identities, numbered from 1 by one market: an int holds them.
    public int Product;
    public int Country;
    public int Operator;

    /// <summary>The write that last saw the series listed (<see cref="MarketCache.WriteStamp"/>).</summary>
    public int SeenStamp;

    public ushort Provider;

    public SeriesSources Sources;

    public SeriesState(long id, long provider, long product, long country, long op)
    {
        (Id, Price, WrittenUntil) = (checked((int)id), NoPrice, long.MinValue);
        Provider = checked((ushort)provider);
        (Product, Country, Operator) = (checked((int)product), checked((int)country), checked((int)op));
    }

    public readonly bool HasPrice => Price != NoPrice;
}

/// <summary>
/// Every series of the cache, by slot (<see cref="PagedList{T}"/>: growing never copies what is there, so a reference to
/// a row stays valid while series are added, as a write does between finding a series and observing it).
/// </summary>
internal sealed class SeriesTable
{
    // A stock cell holding this says "kept beside the rows" (as a stock of int.MinValue itself is).
    private const int Wide = int.MinValue;

    private readonly PagedList<SeriesState> _rows = new();
    private readonly Dictionary<int, long> _wideQty = [];
    private readonly Dictionary<int, long> _wideRecordedQty = [];

    public int Count => _rows.Count;

    public ref SeriesState this[int slot] => ref _rows[slot];

    /// <returns>The series' slot.</returns>
    public int Add(in SeriesState series) => _rows.Add(series);

    /// <summary>The series' latest stock.</summary>
    public long Qty(int slot) => Read(_rows[slot].QtyCell, _wideQty, slot);

    public void SetQty(int slot, long qty) => Write(ref _rows[slot].QtyCell, _wideQty, slot, qty);

    /// <summary>The stock of the series' last recorded change point.</summary>
    public long RecordedQty(int slot) => Read(_rows[slot].RecordedQtyCell, _wideRecordedQty, slot);

    public void SetRecordedQty(int slot, long qty) => Write(ref _rows[slot].RecordedQtyCell, _wideRecordedQty, slot, qty);

    private static long Read(int cell, Dictionary<int, long> wide, int slot) => cell == Wide ? wide[slot] : cell;

    private static void Write(ref int cell, Dictionary<int, long> wide, int slot, long qty)
    {
        if (qty is > Wide and <= int.MaxValue)
        {
            if (cell == Wide)
                wide.Remove(slot);
            cell = (int)qty;
            return;
        }
        cell = Wide;
        wide[slot] = qty;
    }
}

/// <summary>The endpoints that have listed a series; only they can prove it gone (see <see cref="MarketScope"/>).</summary>
[Flags]
public enum SeriesSources : byte { None = 0, Products = 1, Prices = 2 }
