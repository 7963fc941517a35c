using System.Collections.Frozen;

namespace SmsBuyz.Analytics.Offers;

/// <summary>
/// One offer, one identity, however it is spelled. Users and providers write the same thing differently: <c>ru</c>,
/// <c>russia</c> and <c>Russia</c> are one country; <c>virtual1</c> and <c>Virtual1</c> one operator; <c>Telegram</c>
/// and <c>telegram</c> one product. Every place that stores, filters, compares or groups offers goes through these keys:
/// <list type="bullet">
/// <item>country: the ISO 3166-1 alpha-2 code in lower case, from a code or any name in <see cref="CountryTable"/>;</item>
/// <item>operator and product: the name without surrounding spaces, in lower case.</item>
/// </list>
/// Keys are for matching; what is shown (and sent back to the API) is the name as the API last spelled it.
/// </summary>
public static class OfferNames
{
    /// <summary>The API's aggregate over a country's operators (<c>guest/products/{country}/any</c>).</summary>
    public const string AnyOperator = "any";

    private static readonly FrozenDictionary<string, string> IsoByName;
    private static readonly FrozenDictionary<string, string> ProviderNameByIso;

    static OfferNames()
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var provider = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in CountryTable.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            provider[words[0]] = words[1];
            foreach (var word in words)
                byName.Add(word, words[0]);
        }
        IsoByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        ProviderNameByIso = provider.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The ISO code of a code or country name this app knows (<c>RU</c>, <c>russia</c>, <c>Hong Kong</c>).</summary>
    public static bool TryCountry(string? input, out string iso)
    {
        iso = "";
        // Most input is already a key (answers repeat "ru" for every point): look it up as it is before squeezing.
        if (string.IsNullOrWhiteSpace(input) || !(IsoByName.TryGetValue(input, out var found) || IsoByName.TryGetValue(Squeeze(input), out found)))
            return false;
        iso = found;
        return true;
    }

    /// <summary>
    /// The country key of a name an answer used: its ISO code when known, else the name trimmed and in lower case, so
    /// a country this table lacks is still stored (and matches itself) rather than dropped.
    /// </summary>
    public static string CountryKey(string name) => TryCountry(name, out var iso) ? iso : name.Trim().ToLowerInvariant();

    public static string OperatorKey(string name) => name.Trim().ToLowerInvariant();

    public static string ProductKey(string name) => name.Trim().ToLowerInvariant();

    public static bool IsAnyOperator(string? name) => name is not null && OperatorKey(name) == AnyOperator;

    public static bool SameCountry(string? a, string? b) => a is not null && b is not null && CountryKey(a) == CountryKey(b);

    public static bool SameOperator(string? a, string? b) => a is not null && b is not null && OperatorKey(a) == OperatorKey(b);

    public static bool SameProduct(string? a, string? b) => a is not null && b is not null && ProductKey(a) == ProductKey(b);

    /// <summary>The name 5sim-style providers use for an ISO code (<c>ru</c> → <c>russia</c>), for messages.</summary>
    public static string? ProviderCountryName(string iso) => ProviderNameByIso.GetValueOrDefault(iso);

    /// <summary>A few names a user could write instead, for error messages.</summary>
    public const string CountryHint = "an ISO 3166 code such as ru, us or gb, or a provider's name such as russia, usa or england";

    /// <summary>Lower case letters and digits only: "Hong Kong" and "hong-kong" both become hongkong.</summary>
    private static string Squeeze(string input)
    {
        Span<char> buffer = stackalloc char[Math.Min(input.Length, 64)];
        var length = 0;
        foreach (var c in input)
        {
            if (!char.IsLetterOrDigit(c))
                continue;
            if (length == buffer.Length)
                return "";
            buffer[length++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..length]);
    }
}

/// <summary>An offer's identity: country, operator and product keys (see <see cref="OfferNames"/>).</summary>
public readonly record struct OfferKey(string Country, string Operator, string Product)
{
    public static OfferKey Of(string country, string operatorName, string product) =>
        new(OfferNames.CountryKey(country), OfferNames.OperatorKey(operatorName), OfferNames.ProductKey(product));
}
