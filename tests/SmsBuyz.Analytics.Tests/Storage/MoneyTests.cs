using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Storage;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0.4118", 4118)]
    [InlineData("10.50", 105000)]
    [InlineData("0", 0)]
    [InlineData("-1.25", -12500)]
    [InlineData("123456.7891", 1234567891)]
    public void ToUnits_FourDecimalsOrFewer_RoundTripsExactly(string text, long units)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(units, Money.ToUnits(value));
        Assert.Equal(value, Money.FromUnits(units));
    }

    [Fact]
    public void ToUnits_FiveDecimals_RefusesInsteadOfRounding()
    {
        Assert.False(Money.TryToUnits(0.41185m, out _));
        Assert.Throws<ArgumentException>(() => Money.ToUnits(0.41185m));
    }
}
