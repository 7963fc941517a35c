using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Tests.Offers;

public sealed class OfferNamesTests
{
    [Theory]
    [InlineData("ru", "ru")]
    [InlineData("RU", "ru")]
    [InlineData(" russia ", "ru")]
    [InlineData("Russia", "ru")]
    [InlineData("usa", "us")]
    [InlineData("United States", "us")]
    [InlineData("england", "gb")]
    [InlineData("UK", "gb")]
    [InlineData("hongkong", "hk")]
    [InlineData("Hong Kong", "hk")]
    [InlineData("czech", "cz")]
    [InlineData("bih", "ba")]
    [InlineData("tit", "tt")]
    [InlineData("ivorycoast", "ci")]
    public void TryCountry_CodeOrName_TheIsoCode(string input, string iso)
    {
        Assert.True(OfferNames.TryCountry(input, out var found));
        Assert.Equal(iso, found);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("narnia")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryCountry_Unknown_False(string? input) => Assert.False(OfferNames.TryCountry(input, out _));

    [Fact]
    public void CountryTable_EveryCodeTwoLettersAndEveryNameOneCountry()
    {
        var lines = CountryTable.Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, l => Assert.Matches("^[a-z]{2}( [a-z]+)+$", l));
        var words = lines.SelectMany(l => l.Split(' ')).ToList();
        Assert.Equal(words.Count, words.Distinct().Count()); // no name (or code) names two countries
        Assert.True(lines.Length >= 249, $"every ISO 3166-1 code: {lines.Length}");
    }

    [Fact]
    public void CountryKey_NameThisAppDoesNotKnow_KeptTrimmedInLowerCase() =>
        Assert.Equal("atlantis", OfferNames.CountryKey(" Atlantis "));

    [Fact]
    public void OfferKey_SpellingsOfOneOffer_Equal() =>
        Assert.Equal(OfferKey.Of("ru", "Virtual1", "telegram"), OfferKey.Of(" Russia", "virtual1 ", "Telegram"));

    [Theory]
    [InlineData("ANY", true)]
    [InlineData(" any ", true)]
    [InlineData("anyone", false)]
    public void IsAnyOperator_IgnoresCaseAndSpaces(string name, bool any) => Assert.Equal(any, OfferNames.IsAnyOperator(name));

    [Theory]
    [InlineData("MaxOrderPerDay", "; did you mean MaxOrdersPerDay?")]
    [InlineData("Country", "; did you mean Countries?")]
    [InlineData("maxprice", "; did you mean MaxPrice?")]
    [InlineData("Colour", "")]
    public void DidYouMean_CloseKey_Named(string key, string hint) =>
        Assert.Equal(hint, KeyHints.DidYouMean(key, ["MaxOrdersPerDay", "MaxPrice", "Countries", "Cooldown"]));
}
