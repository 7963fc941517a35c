namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The series of the last products answer for one country and operator, position by position. The API lists a
/// country's products in the same order every sweep and the parser interns their names (<see cref="Api.NameCache"/>),
/// so a point at the same position whose name is the very string the product is shown as is the same series: one
/// reference comparison instead of two hash lookups. Any difference (a new product, another order, another spelling,
/// also one another answer set in between) falls back to the lookups, which respell; an answer that mixes countries
/// or operators (a prices answer) is not remembered.
/// </summary>
internal sealed class AnswerMemo
{
    private NameIndex.Entry[] _products = [];
    private int[] _series = [];
    private int _count, _recorded;
    private bool _exact;
    private string? _country, _operator;

    /// <summary>Starts an answer; the previous one stays readable until <see cref="End"/>.</summary>
    public void Begin(IReadOnlyList<MarketPoint> points)
    {
        if (_products.Length != points.Count)
            (_products, _series, _count) = (new NameIndex.Entry[points.Count], new int[points.Count], 0);
        (_recorded, _exact) = (0, points.Count > 0);
        (_country, _operator) = points.Count > 0 ? (points[0].Country, points[0].Operator) : (null, null);
    }

    /// <summary>The series' slot at this position if the point is the one remembered there (which then stays remembered); else -1.</summary>
    public int Match(int position, in MarketPoint point)
    {
        if (position >= _count || !ReferenceEquals(_products[position].Display, point.Product) || !SameOffer(point))
            return -1;
        _exact &= position == _recorded;
        _recorded += _exact ? 1 : 0;
        return _series[position];
    }

    /// <summary>After a miss. Overwrites position by position: a position is read by <see cref="Match"/> before it is recorded.</summary>
    public void Record(int position, in MarketPoint point, int series, NameIndex.Entry product)
    {
        _exact &= position == _recorded && SameOffer(point);
        if (!_exact)
            return;
        _products[position] = product;
        _series[position] = series;
        _recorded++;
    }

    public void End() => _count = _exact ? _recorded : 0;

    private bool SameOffer(in MarketPoint point) => ReferenceEquals(_country, point.Country) && ReferenceEquals(_operator, point.Operator);
}
