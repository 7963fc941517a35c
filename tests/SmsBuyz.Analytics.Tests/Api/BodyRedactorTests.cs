using System.Text;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class BodyRedactorTests
{
    private const string Key = ClientHarness.ApiKey;

    /// <summary>
    /// The key where the excerpt's 200 characters end (190, 196: a few of its characters would show) and where the
    /// 4096 bytes decoded end (spaces before it collapse, so the excerpt reaches it). Each case first proves that an
    /// excerpt without redaction would show part of the key, so none passes by never reaching it.
    /// </summary>
    [Theory]
    [InlineData(0, 'x')]
    [InlineData(150, 'x')]
    [InlineData(190, 'x')]
    [InlineData(196, 'x')]
    [InlineData(4085, ' ')]
    [InlineData(4090, ' ')]
    public void Excerpt_KeyAtAnyCut_LeavesNoPartOfKey(int padding, char pad)
    {
        var body = Encoding.UTF8.GetBytes(new string(pad, padding) + Key + new string(' ', 5000) + "tail");
        var part = Key[..4];
        Assert.Contains(part, new BodyRedactor("").Excerpt(body), StringComparison.Ordinal);

        var excerpt = new BodyRedactor(Key).Excerpt(body);

        Assert.DoesNotContain(part, excerpt, StringComparison.Ordinal);
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
