namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// Whether a prices answer's offer lies within a scope, each dimension's answer remembered per name: a full price list
/// repeats a few hundred names for hundreds of thousands of offers (country by country, each product at every
/// operator), and computing three keys and three set lookups per offer cost twice the parse itself. The names are
/// the parser's interned strings, so the last name of a dimension is usually the very same string.
/// </summary>
internal sealed class ScopeFilter(MarketScope scope)
{
    private readonly Dimension _countries = new(scope.ContainsCountry);
    private readonly Dimension _operators = new(scope.ContainsOperator);
    private readonly Dimension _products = new(scope.ContainsProduct);

    public bool Contains(string country, string operatorName, string product) =>
        _countries.Contains(country) && _operators.Contains(operatorName) && _products.Contains(product);

    private sealed class Dimension(Func<string, bool> contains)
    {
        private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);
        private string? _last;
        private bool _lastIn;

        public bool Contains(string name)
        {
            if (ReferenceEquals(name, _last))
                return _lastIn;
            if (!_known.TryGetValue(name, out var isIn))
                _known[name] = isIn = contains(name);
            (_last, _lastIn) = (name, isIn);
            return isIn;
        }
    }
}
