using System.Net.Http.Headers;

namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class AuthTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("sandbox-key")]
    [InlineData("Basic sandbox-key")]
    [InlineData("Bearer ")]
    public async Task UserEndpoint_MissingOrMalformedHeader_401(string? header)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Client.DefaultRequestHeaders.Authorization = null;
        if (header is not null)
        {
            sandbox.Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        }

        var (status, body) = await sandbox.GetAsync("user/profile");

        Assert.Equal(401, status);
        Assert.Contains("error", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserEndpoint_WrongToken_403AndNothingBought()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "stolen-key");
        var offer = sandbox.State.CurrentOffers().First(o => o.Qty > 0);

        var (status, _) = await sandbox.GetAsync($"user/buy/activation/{offer.CountryIso}/{offer.Operator}/{offer.Product}");

        Assert.Equal(403, status);
        Assert.Empty(sandbox.State.Orders);
        Assert.Equal(100m, sandbox.State.Balance);
    }

    [Fact]
    public async Task GuestEndpoint_NoHeader_200()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.ApiKey = "custom");
        sandbox.Client.DefaultRequestHeaders.Authorization = null;

        var (status, _) = await sandbox.GetAsync("guest/products/ru/any");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task UserEndpoint_ConfiguredKey_Accepted()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.ApiKey = "custom");

        var profile = await sandbox.GetJsonAsync("user/profile");

        Assert.Equal(["id", "email", "balance", "rating", "default_operator"], Json.Names(profile));
        Assert.Equal("any", profile.GetProperty("default_operator").GetString());
    }
}
