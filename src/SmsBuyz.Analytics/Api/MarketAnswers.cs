namespace SmsBuyz.Analytics.Api;

/// <summary>What a market response held: the offers read, and what could not be read (never dropped silently).</summary>
public sealed record MarketResult<T>(IReadOnlyList<T> Offers, IReadOnlyList<string> Problems);

/// <summary>
/// Takes a market answer's offers one by one as they are read, so a caller keeps what it needs of a price list instead
/// of the whole of it. <see cref="Restart"/> comes before the first offer of each attempt: a read retried after a body
/// cut off mid-way starts over, and the sink then holds one answer's offers, never one and a half.
/// </summary>
public interface IOfferSink<T>
{
    void Restart();

    void Add(in T offer);
}

/// <summary>Keeps every offer, in order.</summary>
public sealed class OfferList<T> : IOfferSink<T>
{
    private readonly List<T> _offers = [];

    public IReadOnlyList<T> Offers => _offers;

    public void Restart() => _offers.Clear();

    public void Add(in T offer) => _offers.Add(offer);
}
