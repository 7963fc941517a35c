namespace SmsBuyz.Sandbox.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task StartAsync_PortZero_ServesProfileOnLoopback()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var profile = await sandbox.GetJsonAsync("user/profile");

        Assert.Equal("127.0.0.1", sandbox.Server.BaseUrl.Host);
        Assert.NotEqual(0, sandbox.Server.BaseUrl.Port);
        Assert.EndsWith("/v1/", sandbox.Server.BaseUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(100m, profile.GetProperty("balance").GetDecimal());
    }
}
