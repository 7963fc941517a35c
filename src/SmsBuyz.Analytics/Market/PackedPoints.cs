using System.Collections;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// An answer's points held in 32 bytes each instead of a <see cref="MarketPoint"/>'s 48: the country and operator as
/// indexes into the answer's own list of the strings it was given (a few hundred at most), the price in 1e-4 units, the
/// stock as an int. A whole market's price list keeps 590,000 points until they are written: 19 MB instead of 28. The
/// product stays a reference: a products answer names a thousand, and a table of them per answer allocated more than it
/// saved. A point that does not fit (a price with more than 4 decimal places, a stock beyond an int) is kept whole
/// beside them. Reading a point back gives what was added: the same string instances (which <see cref="AnswerMemo"/>
/// compares) and an equal price (by value: 10.50 may read back as 10.5, as the database stores it).
/// </summary>
internal sealed class PackedPoints : IReadOnlyList<MarketPoint>
{
    private const int Whole = -1;

    private readonly PagedList<Packed> _packed = new();
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _nameIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int, MarketPoint> _whole = [];

    // A price list names one country for many points in a row, a products answer one operator: the last of each, remembered.
    private (string? Name, int Id) _lastCountry, _lastOperator;

    public int Count => _packed.Count;

    public MarketPoint this[int index]
    {
        get
        {
            ref readonly var p = ref _packed[index];
            // FromOACurrency: an OLE currency is the same 1e-4 units, and it builds the decimal without a division.
            return p.Country == Whole
                ? _whole[index]
                : new MarketPoint(_names[p.Country], _names[p.Operator], p.Product, decimal.FromOACurrency(p.Price), p.Qty);
        }
    }

    public void Add(in MarketPoint point)
    {
        if (point.Qty is >= int.MinValue and <= int.MaxValue && Money.TryToUnits(point.Price, out var units))
        {
            _packed.Add(new Packed(point.Product, units, Id(ref _lastCountry, point.Country), Id(ref _lastOperator, point.Operator), (int)point.Qty));
            return;
        }
        _whole[_packed.Count] = point;
        _packed.Add(new Packed(point.Product, 0, Whole, 0, 0));
    }

    public void Clear()
    {
        _packed.Clear();
        _names.Clear();
        _nameIds.Clear();
        _whole.Clear();
        _lastCountry = _lastOperator = default;
    }

    private int Id(ref (string? Name, int Id) last, string name)
    {
        if (ReferenceEquals(last.Name, name))
            return last.Id;
        if (!_nameIds.TryGetValue(name, out var id))
        {
            _nameIds[name] = id = _names.Count;
            _names.Add(name);
        }
        last = (name, id);
        return id;
    }

    public IEnumerator<MarketPoint> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct Packed(string Product, long Price, int Country, int Operator, int Qty);
}
