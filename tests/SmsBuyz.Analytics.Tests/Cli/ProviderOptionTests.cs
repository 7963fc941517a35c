using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>
/// <c>--provider</c> as users type it: a stored name in any case, a base URL spelled another way, an <c>Identity</c>
/// key in another case; and the refusals that list what is stored.
/// </summary>
public sealed class ProviderOptionTests
{
    private static readonly ProviderRef Demo = new(1, "smsbuyz", "demo-sandbox:smsbuyz");
    private static readonly ProviderRef Five = new(2, "5sim", "https://5sim.net/v1");
    private static readonly ProviderRef[] Known = [Demo, Five];

    [Theory]
    [InlineData("SMSBUYZ", 1)]
    [InlineData("demo-sandbox:smsbuyz", 1)]
    [InlineData("Demo-Sandbox:SmsBuyz", 1)]
    [InlineData("5SIM", 2)]
    [InlineData("HTTPS://5sim.net:443/v1/", 2)]
    public void Resolve_FindsTheProvider_HoweverItIsSpelled(string typed, long id) =>
        Assert.Equal(id, ProviderOption.Resolve(typed, Known).Id);

    [Fact]
    public void Resolve_AnExactKeyWins_OverOneDifferingOnlyInCase()
    {
        var upper = new ProviderRef(3, "other", "DEMO-SANDBOX:SMSBUYZ");
        Assert.Equal(3, ProviderOption.Resolve("DEMO-SANDBOX:SMSBUYZ", [Demo, upper]).Id);
        var both = Assert.Throws<ConfigurationException>(() => ProviderOption.Resolve("Demo-Sandbox:SMSBUYZ", [Demo, upper]));
        Assert.Contains("names 2 providers", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AnUnknownName_ListsTheStoredOnes()
    {
        var error = Assert.Throws<ConfigurationException>(() => ProviderOption.Resolve("demo-sandbox", Known));
        Assert.Equal("--provider: 'demo-sandbox' is not a stored provider; known: smsbuyz (demo-sandbox:smsbuyz), 5sim (https://5sim.net/v1)",
            error.Message);
    }
}
