namespace SmsBuyz.Analytics.Offers;

/// <summary>Shared by the Monitor and Rules checks: every country must be one this app can name by ISO code.</summary>
public static class CountryCheck
{
    /// <summary>"*" stands for every country where a setting allows it; it is not a country name.</summary>
    public const string All = "*";

    public static IEnumerable<string> UnknownCountries(string key, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(values[i]) && values[i].Trim() != All && !OfferNames.TryCountry(values[i], out _))
                yield return $"{key}:{i} '{values[i]}' is not a country this app knows; use {OfferNames.CountryHint}";
        }
    }
}
