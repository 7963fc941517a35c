using System.Globalization;
using System.Text;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class PlainDecimalTests
{
    [Theory]
    [InlineData("0.4118")]
    [InlineData("10.50")]
    [InlineData("-1.25")]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("123456789012345678")]
    [InlineData("0.00000000000000001")]
    public void TryParse_PlainNumber_SameValueAndScaleAsDecimalParse(string text)
    {
        Assert.True(PlainDecimal.TryParse(Encoding.ASCII.GetBytes(text), out var value));

        var expected = decimal.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Scale, value.Scale); // 10.50 stays 10.50: the exactness check downstream sees what was sent
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1234567890123456789")]
    [InlineData("1.")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    public void TryParse_AnythingElse_LeftToTheGeneralParser(string text)
    {
        Assert.False(PlainDecimal.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }
}
