using System.Runtime.InteropServices;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// How big the market is, as the last full price list showed it: entries (country × operator × product) per country
/// and per product, operators per country. <see cref="SweepPlanner"/> compares answer sizes with it; before the first
/// full list it is unknown, and the planner asks for the full list (one request), which teaches it.
/// </summary>
public sealed class MarketShape
{
    private volatile Known? _known;

    public Known? Current => _known;

    public void Learn(IReadOnlyList<PriceOffer> fullList)
    {
        var counter = new Counter();
        foreach (var offer in fullList)
            counter.Add(offer);
        Learn(counter);
    }

    /// <summary>What a counter saw of a full list, read whole.</summary>
    public void Learn(Counter fullList) => _known = fullList.Known();

    /// <summary>
    /// Counts a full list's entries as they are read, so its shape is learnt without keeping it. Names are keyed once
    /// per spelling: the parser hands the same string for every repeat of a name.
    /// </summary>
    public sealed class Counter
    {
        private readonly Dictionary<string, (long Entries, HashSet<string> Operators)> _countries = [];
        private readonly Dictionary<string, long> _products = [];
        private const int MaxKeys = 100_000;
        private readonly Dictionary<string, string> _keys = new(ReferenceEqualityComparer.Instance);
        private long _entries;

        public void Add(in PriceOffer offer)
        {
            var country = Key(offer.Country, OfferNames.CountryKey);
            ref var size = ref CollectionsMarshal.GetValueRefOrAddDefault(_countries, country, out var known);
            if (!known)
                size.Operators = new HashSet<string>(StringComparer.Ordinal);
            size.Entries++;
            size.Operators.Add(Key(offer.Operator, OfferNames.OperatorKey));
            CollectionsMarshal.GetValueRefOrAddDefault(_products, Key(offer.Product, OfferNames.ProductKey), out _)++;
            _entries++;
        }

        public void Clear()
        {
            _countries.Clear();
            _products.Clear();
            _entries = 0;
        }

        internal Known Known() => new(_entries,
            _countries.ToDictionary(c => c.Key, c => new CountrySize(c.Value.Entries, c.Value.Operators.Count)),
            new Dictionary<string, long>(_products));

        private string Key(string name, Func<string, string> key)
        {
            if (_keys.TryGetValue(name, out var found))
                return found;
            found = key(name);
            if (_keys.Count < MaxKeys) // names past the parser's interning are new strings each time: not worth keeping
                _keys[name] = found;
            return found;
        }
    }

    /// <summary>
    /// The full list came back larger than the client accepts (<see cref="Api.AttemptTimeoutHandler.MaxResponseBytes"/>):
    /// from now on it costs more than any other plan, and those are told apart by their requests alone.
    /// </summary>
    public void RefuseFullList() => _known = new Known(long.MaxValue / 4, new Dictionary<string, CountrySize>(), new Dictionary<string, long>());

    public sealed record CountrySize(long Entries, int Operators)
    {
        /// <summary>Entries of one <c>guest/products/{country}/{operator}</c> answer: the country's products.</summary>
        public long PerOperator => Operators == 0 ? 0 : Entries / Operators;
    }

    /// <summary>A country or product the full list did not have counts 0: the API has nothing of it to send.</summary>
    public sealed record Known(long Entries, IReadOnlyDictionary<string, CountrySize> Countries, IReadOnlyDictionary<string, long> Products)
    {
        public CountrySize Country(string key) => Countries.GetValueOrDefault(key) ?? new CountrySize(0, 0);
        public long Product(string key) => Products.GetValueOrDefault(key);
    }
}
