namespace SmsBuyz.Sandbox.Market;

/// <summary>
/// The FiveSim dialect's market: a second provider reselling the same numbers. Its prices follow the wholesale walk a
/// SmsBuyz sandbox of the same seed serves (where nobody buys), marked up <see cref="Markup"/> and down by as much in
/// turns of <see cref="HalfPeriod"/> ticks, each offer on its own phase; so the two providers' prices cross twice per
/// <c>2 × HalfPeriod</c> ticks (an hour at the default minute tick) and either can be the cheaper, as a "buy where it
/// is cheapest" test needs. Its stock is its own: a draw and a walk from the dialect's own seeded streams. A random
/// walk of its own would drift away from the other provider's for good and rarely cross back.
/// </summary>
internal sealed class FiveSimMarket : IMarket
{
    public const int HalfPeriod = 30;
    public const decimal Markup = 0.10m;

    private readonly int seed;
    private readonly MarketBook wholesale;
    private readonly long[] stock;
    private readonly int[] phase;
    private readonly Dictionary<int, (decimal Price, long Half)> pinned = [];
    private long stockTick;

    public FiveSimMarket(Catalog catalog, int seed)
    {
        this.seed = seed;
        wholesale = new MarketBook(catalog, seed, offer => pinned.Remove(offer));
        stock = new long[catalog.OfferCount];
        phase = new int[catalog.OfferCount];
        var random = SeededRandom.For(seed, Stream, 0);
        for (var offer = 0; offer < stock.Length; offer++)
        {
            phase[offer] = random.Next(2 * HalfPeriod);
            stock[offer] = MarketBook.FirstStock(random);
        }
    }

    private static string Stream => SandboxDialect.FiveSim.Stream("market");

    public long Tick => wholesale.Tick;

    /// <summary>A test's override while it holds; else the wholesale price marked up or down for this half period.</summary>
    public decimal Price(int offer)
    {
        var half = Half(offer, Tick);
        if (pinned.TryGetValue(offer, out var pin) && pin.Half == half)
        {
            return pin.Price;
        }

        var factor = half % 2 == 0 ? 1m + Markup : 1m - Markup;
        return MarketBook.Clamp(wholesale.Price(offer) * factor);
    }

    public long Qty(int offer) => stock[offer];

    /// <summary>The price holds until the wholesale walk moves the offer or its markup turns, whichever comes first.</summary>
    public void Set(int offer, decimal price, long qty)
    {
        pinned[offer] = (price, Half(offer, Tick));
        stock[offer] = qty;
    }

    public void TakeOne(int offer) => stock[offer]--;

    public void AdvanceTo(long tick)
    {
        while (stockTick < tick)
        {
            stockTick++;
            var random = SeededRandom.For(seed, Stream, stockTick);
            var moves = MarketBook.MovesPerTick(stock.Length);
            for (var i = 0; i < moves; i++)
            {
                var offer = random.Next(stock.Length);
                stock[offer] = MarketBook.NextStock(stock[offer], random);
            }
        }

        wholesale.AdvanceTo(tick);
    }

    /// <summary>Which half period the offer is in: even halves are marked up, odd ones down.</summary>
    private long Half(int offer, long tick) => (tick + phase[offer]) / HalfPeriod;
}
