namespace SmsBuyz.Sandbox.Market;

/// <summary>
/// Price and stock of every offer. The state at tick n depends only on (seed, n): each tick draws
/// from its own seeded stream, so when requests arrive never changes what they see. Buys and
/// test overrides write into the current state, and later ticks move on from there.
/// </summary>
internal sealed class MarketBook : IMarket
{
    private const decimal MinPrice = 0.01m;
    private const decimal MaxPrice = 5.00m;

    private readonly int seed;
    private readonly decimal[] prices;
    private readonly long[] stock;
    private readonly Action<int>? moved;

    /// <param name="moved">Told each offer the walk moves, as it moves it (a book built on this one drops its overrides).</param>
    public MarketBook(Catalog catalog, int seed, Action<int>? moved = null)
    {
        this.seed = seed;
        this.moved = moved;
        prices = new decimal[catalog.OfferCount];
        stock = new long[catalog.OfferCount];
        var random = SeededRandom.For(seed, "market", 0);
        var productBase = catalog.Products.Select(_ => 0.05m + (1.5m * (decimal)Math.Pow(random.NextDouble(), 2))).ToArray();
        foreach (var country in catalog.Countries)
        {
            var countryFactor = random.NextDecimal(0.6m, 1.8m);
            for (var op = 0; op < country.Operators.Count; op++)
            {
                var operatorFactor = random.NextDecimal(0.85m, 1.25m);
                for (var product = 0; product < catalog.Products.Count; product++)
                {
                    var index = catalog.OfferIndex(country, op, product);
                    prices[index] = Clamp(productBase[product] * countryFactor * operatorFactor);
                    stock[index] = FirstStock(random);
                }
            }
        }
    }

    /// <summary>Moves per tick: about 5 % of offers, enough to see history, few enough to store change points.</summary>
    public static int MovesPerTick(int offers) => Math.Max(1, offers / 20);

    public long Tick { get; private set; }

    public decimal Price(int offer) => prices[offer];

    public long Qty(int offer) => stock[offer];

    public void Set(int offer, decimal price, long qty)
    {
        prices[offer] = price;
        stock[offer] = qty;
    }

    public void TakeOne(int offer) => stock[offer]--;

    /// <summary>Replays ticks one by one up to <paramref name="tick"/>; time never runs backwards here.</summary>
    public void AdvanceTo(long tick)
    {
        while (Tick < tick)
        {
            Tick++;
            var random = SeededRandom.For(seed, "market", Tick);
            var moves = MovesPerTick(prices.Length);
            for (var i = 0; i < moves; i++)
            {
                Move(random.Next(prices.Length), random);
            }
        }
    }

    /// <summary>A fresh offer's stock: sold out one time in ten, else 10–100,000.</summary>
    public static long FirstStock(Random random) => random.NextDouble() < 0.1 ? 0 : Restock(random);

    /// <summary>One move of an offer's stock: a sold-out offer may restock, a stocked one may sell out or drift.</summary>
    public static long NextStock(long qty, Random random)
    {
        var roll = random.NextDouble();
        return qty == 0
            ? (roll < 0.4 ? Restock(random) : 0)
            : (roll < 0.05 ? 0 : Math.Max(0, qty + Jitter(random, qty)));
    }

    /// <summary>Within the provider's range, at the API's 4 decimals.</summary>
    public static decimal Clamp(decimal price) => Math.Clamp(Math.Round(price, 4), MinPrice, MaxPrice);

    private void Move(int offer, Random random)
    {
        moved?.Invoke(offer);
        var step = (decimal)((random.NextDouble() - 0.5) * 0.08);
        prices[offer] = Clamp(prices[offer] * (1m + step));
        stock[offer] = NextStock(stock[offer], random);
    }

    /// <summary>Stock drifts by up to ±10 % (at least ±1); capped so a test's huge override cannot overflow.</summary>
    private static int Jitter(Random random, long qty)
    {
        var spread = (int)Math.Min((qty / 10) + 1, 1_000_000);
        return random.Between(-spread, spread);
    }

    private static long Restock(Random random) => (long)Math.Pow(10, 1 + (4 * random.NextDouble()));
}
