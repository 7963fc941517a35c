using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Parses <c>guest/prices</c> token by token as it arrives, handing each offer to a sink (products: <see cref="ProductsParser"/>).
/// The answer nests objects down to leaves <c>{"cost": ..., "count": ...}</c>; which level is which, the leaf's depth and
/// the query tell (<see cref="PriceLevels"/>). An object is a leaf when it has a <c>cost</c> (any case, underscores ignored), wherever
/// in it that comes: what was read of its other members is then taken back. That is held only within one top-level
/// entry (a country of the full list), whose offers go to the sink when it closes; so a <c>cost</c> beside the countries
/// themselves, which makes no offer, is one more problem and the offers read stand.
/// </summary>
internal sealed class PricesParser(string? product, string? country, IOfferSink<PriceOffer> sink) : ITokenReader
{
    private const int MaxLevels = 3;

    private readonly Frame[] _frames = new Frame[MaxLevels + 1];
    private readonly List<string> _path = new(MaxLevels);
    private readonly List<PriceOffer> _pending = [];
    private readonly List<string> _problems = [];
    private int _open = -1;
    private int _skip;
    private bool _cost, _count;
    private string _name = "";

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>A body already in memory (tests, the bench): the same result as streamed.</summary>
    public static MarketResult<PriceOffer> Parse(ReadOnlySpan<byte> json, string? product, string? country)
    {
        var offers = new OfferList<PriceOffer>();
        var problems = JsonChunks.Read(json, new PricesParser(product, country, offers)).Problems;
        return new(offers.Offers, problems);
    }

    public void Token(ref Utf8JsonReader reader)
    {
        if (_skip > 0)
        {
            _skip += reader.TokenType switch { JsonTokenType.StartObject or JsonTokenType.StartArray => 1, JsonTokenType.EndObject or JsonTokenType.EndArray => -1, _ => 0 };
            return;
        }
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _cost = JsonValues.NameIs(ref reader, "cost"u8);
                _count = !_cost && JsonValues.NameIs(ref reader, "count"u8);
                _name = _cost ? "cost" : _count ? "count" : NameCache.Get(ref reader);
                break;
            case JsonTokenType.StartObject:
                Open();
                break;
            case JsonTokenType.EndObject:
                Close();
                break;
            case JsonTokenType.StartArray:
                Member(ref reader, JsonValueKind.Array);
                _skip = 1;
                break;
            default:
                Member(ref reader, reader.TokenType switch
                {
                    JsonTokenType.String => JsonValueKind.String, JsonTokenType.Number => JsonValueKind.Number,
                    JsonTokenType.True => JsonValueKind.True, JsonTokenType.False => JsonValueKind.False, _ => JsonValueKind.Null,
                });
                break;
        }
    }

    /// <summary>A member that is not an object: a leaf's field, or a problem if its object turns out a level.</summary>
    private void Member(ref Utf8JsonReader reader, JsonValueKind kind)
    {
        if (_open < 0)
        {
            _problems.Add($"unexpected {kind} at ''");
            return;
        }
        ref var frame = ref _frames[_open];
        var scalar = kind is not JsonValueKind.Array;
        if (_cost)
        {
            if (!frame.HasCost)
                (frame.HasCost, frame.Cost) = (true, scalar ? JsonValues.Decimal(ref reader) : null);
            return;
        }
        if (_count && !frame.HasCount)
            (frame.HasCount, frame.Count) = (true, scalar ? JsonValues.Decimal(ref reader) : null);
        if (frame.Level < MaxLevels)
            _problems.Add($"unexpected {kind} at '{Where(_name)}'");
    }

    private void Open()
    {
        if (_open < 0)
        {
            _frames[_open = 0] = new Frame { Level = 0 };
            return;
        }
        ref var parent = ref _frames[_open];
        if (_cost)
        {
            if (!parent.HasCost)
                (parent.HasCost, parent.Cost) = (true, null);
            _skip = 1; // a leaf's field: never walked
            return;
        }
        if (_count && !parent.HasCount)
            (parent.HasCount, parent.Count) = (true, null);
        if (parent.Level >= MaxLevels)
        {
            _skip = 1; // deeper than a leaf can be
            return;
        }
        _path.Add(_name);
        _frames[++_open] = new Frame { Level = parent.Level + 1, OfferMark = _pending.Count, ProblemMark = _problems.Count };
    }

    private void Close()
    {
        var frame = _frames[_open--];
        if (frame.HasCost)
        {
            // A leaf: its other members were fields, not levels.
            _pending.RemoveRange(frame.OfferMark, _pending.Count - frame.OfferMark);
            _problems.RemoveRange(frame.ProblemMark, _problems.Count - frame.ProblemMark);
            AddLeaf(frame);
        }
        else if (frame.Level >= MaxLevels)
            _problems.Add($"nesting deeper than country/product/operator at '{string.Join('/', _path)}'");
        if (frame.Level > 0)
            _path.RemoveAt(_path.Count - 1);
        if (frame.Level <= 1)
        {
            foreach (var offer in _pending)
                sink.Add(offer);
            _pending.Clear();
        }
    }

    private void AddLeaf(in Frame leaf)
    {
        var key = PriceLevels.Resolve(_path, product, country);
        var count = JsonValues.Whole(leaf.Count);
        if (key is null || leaf.Cost is not { } cost || count is null || cost < 0 || count < 0)
        {
            _problems.Add($"price entry '{string.Join('/', _path)}' could not be read");
            return;
        }
        _pending.Add(new PriceOffer(key.Value.Country, key.Value.Operator, key.Value.Product, cost, count.Value));
    }

    private string Where(string member) => string.Join('/', [.. _path, member]);

    /// <summary>An object being read: a level, or a leaf once it shows a <c>cost</c>.</summary>
    private struct Frame
    {
        public int Level;
        public int OfferMark, ProblemMark;
        public bool HasCost, HasCount;
        public decimal? Cost, Count;
    }
}
