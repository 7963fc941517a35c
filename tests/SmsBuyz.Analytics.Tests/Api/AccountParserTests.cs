using System.Text.Json;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

public sealed class AccountParserTests
{
    [Fact]
    public void ParseProfile_DocumentedBody_ReadsBalanceExactly()
    {
        using var doc = JsonDocument.Parse("""
            {"id": 1, "email": "user@example.com", "balance": 10.50, "rating": 0, "default_operator": "any"}
            """);

        var profile = AccountParser.ParseProfile(doc.RootElement);

        Assert.Equal(new Profile(1, "user@example.com", 10.50m, 0m, "any"), profile);
    }
}
