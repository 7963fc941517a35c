using System.Text;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class BodyRedactorTests
{
    private const string Key = ClientHarness.ApiKey;

    [Theory]
    [InlineData(0)]
    [InlineData(150)]
    [InlineData(190)]
    [InlineData(196)]
    [InlineData(4085)]
    [InlineData(4090)]
    public void Excerpt_KeyAtAnyCut_LeavesNoPartOfKey(int padding)
    {
        var body = Encoding.UTF8.GetBytes(new string('x', padding) + Key + new string(' ', 5000) + "tail");

        var excerpt = new BodyRedactor(Key).Excerpt(body);

        Assert.DoesNotContain(Key[..6], excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_WhitespaceHeavyBody_CollapsesToOneLine()
    {
        var excerpt = new BodyRedactor(Key).Excerpt(Encoding.UTF8.GetBytes("<html>\r\n\t<body>  down  </body>\n</html>"));

        Assert.Equal("<html> <body> down </body> </html>", excerpt);
    }

    [Fact]
    public void Scrub_WhitespaceKey_LeavesTextAlone()
    {
        Assert.Equal("a  b", new BodyRedactor("  ").Scrub("a  b"));
    }
}
