namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The points of one answer, each once, with the scopes it is written under and, per point, which of them hold it. A
/// full price list that also stands in for per-operator rows (<see cref="MarketScope.OperatorRows"/>) holds most of its
/// offers in both its scopes: kept once per scope, a whole market's list was two lists of 590,000 points and written
/// twice, each point's lookups paid twice and, on a first load, every new series' row updated for its second source.
/// The points are held packed (<see cref="PackedPoints"/>).
/// </summary>
public sealed class ScopedPoints
{
    private readonly PackedPoints _points;

    /// <summary>Per point, bit i set when <see cref="Scopes"/>[i] holds it; empty when there is one scope (it holds them all).</summary>
    private readonly List<byte> _heldBy;

    private readonly SeriesSources[] _sourcesOf;

    public ScopedPoints(IReadOnlyList<MarketScope> scopes) : this(scopes, new PackedPoints(), [])
    {
    }

    private ScopedPoints(IReadOnlyList<MarketScope> scopes, PackedPoints points, List<byte> heldBy)
    {
        if (scopes.Count is 0 or > 8)
            throw new ArgumentOutOfRangeException(nameof(scopes), scopes.Count, "an answer is written under 1 to 8 scopes");
        (Scopes, _points, _heldBy) = (scopes, points, heldBy);
        _sourcesOf = new SeriesSources[1 << scopes.Count];
        for (var held = 0; held < _sourcesOf.Length; held++)
            for (var i = 0; i < scopes.Count; i++)
                _sourcesOf[held] |= (held & (1 << i)) != 0 ? scopes[i].Source : SeriesSources.None;
    }

    /// <summary>One scope's points (a products answer, a rule's poll, a caller with its own list).</summary>
    public static ScopedPoints Of(MarketScope scope, IEnumerable<MarketPoint> points)
    {
        var answer = new ScopedPoints([scope]);
        foreach (var point in points)
            answer._points.Add(point);
        return answer;
    }

    public IReadOnlyList<MarketScope> Scopes { get; }

    public IReadOnlyList<MarketPoint> Points => _points;

    /// <param name="heldBy">Bit i set when <see cref="Scopes"/>[i] holds the point; at least one.</param>
    public void Add(in MarketPoint point, int heldBy)
    {
        _points.Add(point);
        if (Scopes.Count > 1)
            _heldBy.Add((byte)heldBy);
    }

    public void Clear()
    {
        _points.Clear();
        _heldBy.Clear();
    }

    /// <summary>The endpoints whose authority the point at <paramref name="index"/> is written with: its scopes'.</summary>
    public SeriesSources SourcesOf(int index) => Scopes.Count == 1 ? Scopes[0].Source : _sourcesOf[_heldBy[index]];

    /// <summary>The same points under the same requests' scopes covering no series (see <see cref="MarketScope.Nothing"/>).</summary>
    public ScopedPoints CoveringNothing() => new([.. Scopes.Select(s => s.CoveringNothing())], _points, _heldBy);
}
