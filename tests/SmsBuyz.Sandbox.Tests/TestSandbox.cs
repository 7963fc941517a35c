using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace SmsBuyz.Sandbox.Tests;

/// <summary>A sandbox on loopback with a fake clock, plus an authenticated client for it.</summary>
internal sealed class TestSandbox : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private TestSandbox(SandboxServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Client = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Options.ApiKey);
    }

    public SandboxServer Server { get; }

    public SandboxState State => Server.State;

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// Small market by default so whole-market bodies stay cheap; tests widen what they need. A fixed account whose ids
    /// start at 1, as the documentation's examples do, so tests can name orders; tests of drawn accounts unset both.
    /// </summary>
    public static async Task<TestSandbox> StartAsync(Action<SandboxOptions>? configure = null, FakeTimeProvider? time = null)
    {
        var options = new SandboxOptions { Countries = 3, Products = 5, AccountId = 1, FirstId = 1 };
        configure?.Invoke(options);
        time ??= new FakeTimeProvider(Start);
        return new TestSandbox(await SandboxServer.StartAsync(options, timeProvider: time), time);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Buys the first offer with stock of <paramref name="countryIso"/> and returns the order JSON.</summary>
    public async Task<JsonElement> BuyAsync(string countryIso = "ru")
    {
        var offer = State.CurrentOffers().First(o => o.CountryIso == countryIso && o.Qty > 0);
        return await GetJsonAsync($"user/buy/activation/{offer.CountryIso}/{offer.Operator}/{offer.Product}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
