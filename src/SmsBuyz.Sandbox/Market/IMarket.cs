namespace SmsBuyz.Sandbox.Market;

/// <summary>Price and stock of every offer at one market tick: <see cref="MarketBook"/> (SmsBuyz) or <see cref="FiveSimMarket"/>.</summary>
internal interface IMarket
{
    /// <summary>The tick the book has been brought up to.</summary>
    long Tick { get; }

    decimal Price(int offer);

    long Qty(int offer);

    /// <summary>Forces one offer (a test's override); it holds until the market next moves that offer.</summary>
    void Set(int offer, decimal price, long qty);

    void TakeOne(int offer);

    /// <summary>Replays ticks up to <paramref name="tick"/>; time never runs backwards here.</summary>
    void AdvanceTo(long tick);
}
