using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>A key pasted with a stray space or newline is sent trimmed and scrubbed as sent.</summary>
public sealed class ClientPaddedKeyTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.ApiKey = $" {ClientHarness.ApiKey}\n");

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetProfileAsync_PaddedKeyEchoed_SendsTrimmedKeyAndScrubsIt()
    {
        _h.Server.Set("user/profile", StubReply.EchoAuthorization(403));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProfileAsync(CancellationToken.None));

        Assert.Equal("Bearer " + ClientHarness.ApiKey, Assert.Single(_h.Server.Requests).Header("Authorization"));
        Assert.Equal(ApiErrorKind.Forbidden, ex.Kind);
        Assert.DoesNotContain(ClientHarness.ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal("rejected token: Bearer ***", ex.BodyExcerpt);
    }
}
