namespace SmsBuyz.Analytics.Market;

/// <summary>
/// One series: its provider and dimensions, its exact latest price (1e-4 units; <see cref="NoPrice"/> before the first
/// point) and stock, and the stock of its last recorded change point (the deadband's reference). A struct of numbers
/// only, held in a <see cref="SeriesTable"/>: a whole market is some 800,000 of them, which as objects cost 112 bytes
/// each plus a reference in every index and a gen2 collection's walk over each; as rows of a table, 64 bytes and
/// nothing for the collector to look into.
/// </summary>
internal struct SeriesState
{
    public const long NoPrice = long.MinValue;

    public long Id;
    public long Price;
    public long Qty;
    public long RecordedQty;

    /// <summary>
    /// The latest time the series has a row at, as far as this process knows: its latest row's <c>changed_at</c> when
    /// loaded, then the latest time written. A change point after it cannot collide with a stored one, which lets
    /// PostgreSQL append it with COPY (<see cref="PostgreSqlMarketRows"/>).
    /// </summary>
    public long WrittenUntil;

    // Dimension ids are SQLite rowids or PostgreSQL identities, numbered from 1 by one market: an int holds them.
    public int Provider;
    public int Product;
    public int Country;
    public int Operator;

    /// <summary>The write that last saw the series listed (<see cref="MarketCache.WriteStamp"/>).</summary>
    public int SeenStamp;

    public SeriesSources Sources;

    public SeriesState(long id, long provider, long product, long country, long op)
    {
        (Id, Price, WrittenUntil) = (id, NoPrice, long.MinValue);
        (Provider, Product, Country, Operator) = (checked((int)provider), checked((int)product), checked((int)country), checked((int)op));
    }

    public readonly bool HasPrice => Price != NoPrice;
}

/// <summary>
/// Every series of the cache, by slot (<see cref="PagedList{T}"/>: growing never copies what is there, so a reference to
/// a row stays valid while series are added, as a write does between finding a series and observing it).
/// </summary>
internal sealed class SeriesTable
{
    private readonly PagedList<SeriesState> _rows = new();

    public int Count => _rows.Count;

    public ref SeriesState this[int slot] => ref _rows[slot];

    /// <returns>The series' slot.</returns>
    public int Add(in SeriesState series) => _rows.Add(series);
}

/// <summary>The endpoints that have listed a series; only they can prove it gone (see <see cref="MarketScope"/>).</summary>
[Flags]
public enum SeriesSources { None = 0, Products = 1, Prices = 2 }
