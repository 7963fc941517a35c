using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>The API key travels only in the Authorization header: never in logs, messages or excerpts.</summary>
public sealed class ClientSecretTests : IAsyncLifetime
{
    // A key cut short is still a leak: no run of this many leading characters may show anywhere.
    private static readonly string KeyPrefix = ClientHarness.ApiKey[..8];

    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o => o.TimeoutSeconds = 3); // short for the stall cases, long enough for the rest on a loaded machine

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task EveryOutcome_DistinctiveKey_AppearsInNoLogMessageOrExcerpt()
    {
        var failures = new List<SmsBuyzApiException>();
        _h.Server.Set("user/profile", StubReply.Json(DocBodies.Profile));
        await _h.Client.GetProfileAsync(CancellationToken.None);
        _h.Server.Set("user/check/1", StubReply.Json(DocBodies.Check));
        await _h.Client.CheckAsync(1, CancellationToken.None);

        StubReply[] failing =
        [
            StubReply.EchoAuthorization(401), StubReply.EchoAuthorization(403), StubReply.EchoAuthorization(400, "balance too low for "),
            StubReply.EchoAuthorization(400), StubReply.EchoAuthorization(404), StubReply.EchoAuthorization(503),
            StubReply.EchoAuthorization(429), StubReply.EchoAuthorization(500), StubReply.EchoAuthorization(502),
            StubReply.EchoAuthorization(200, "<html>your token "), StubReply.EchoAuthorization(200, "no free phones for "),
            StubReply.EchoAuthorization(401, new string('x', 183) + " "), StubReply.Abort(), StubReply.Stall(),
        ];
        foreach (var reply in failing)
        {
            _h.Server.Set("user/buy/activation/ru/any/microsoft", reply);
            failures.Add(await Assert.ThrowsAsync<SmsBuyzApiException>(
                () => _h.Client.BuyActivationAsync("ru", "any", "microsoft", CancellationToken.None)));
        }

        Assert.Equal(
            Enum.GetValues<ApiErrorKind>().Order(),
            failures.Select(f => f.Kind).Distinct().Order());
        Assert.All(_h.Server.Requests, r => Assert.Contains(ClientHarness.ApiKey, r.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(failures, f =>
        {
            AssertNoKey(f.Message);
            AssertNoKey(f.ToString());
            AssertNoKey(f.BodyExcerpt);
        });
        var logs = _h.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Message.Contains("/v1/user/profile answered 200", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains("failed with", StringComparison.Ordinal));
        Assert.All(logs, r =>
        {
            AssertNoKey(r.Message);
            AssertNoKey(r.Exception?.ToString());
            Assert.All(r.StructuredState ?? [], kv => AssertNoKey(kv.Value));
            Assert.All(r.Scopes, s => AssertNoKey(s?.ToString()));
        });
    }

    private static void AssertNoKey(string? text) =>
        Assert.DoesNotContain(KeyPrefix, text ?? "", StringComparison.Ordinal);
}
