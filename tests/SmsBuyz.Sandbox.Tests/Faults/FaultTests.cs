using System.Text.Json;

using static SmsBuyz.Sandbox.Tests.Faults.FaultSetup;

namespace SmsBuyz.Sandbox.Tests.Faults;

public sealed class FaultTests
{
    [Fact]
    public async Task ServerError_500Or502_AndBuyNotProcessed()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.ServerError);

        var (status, body) = await sandbox.GetAsync(BuyPath(sandbox));

        Assert.True(status is 500 or 502, $"status {status}");
        Assert.Equal("internal server error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.Equal(0, sandbox.State.BuyRequests);
        Assert.Equal(100m, sandbox.State.Balance);
    }

    [Fact]
    public async Task ServerErrorAfterProcessing_500ButOrderExistsAndWasCharged()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.ServerErrorAfterProcessing, "/user/buy/");

        var (status, body) = await sandbox.GetAsync(BuyPath(sandbox));

        Assert.Equal(500, status);
        Assert.Equal("internal server error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        var order = Assert.Single(sandbox.State.Orders);
        Assert.Equal(100m - order.Price, sandbox.State.Balance);
        Assert.Equal(1, (await sandbox.GetJsonAsync("user/orders")).GetArrayLength());
    }

    [Fact]
    public async Task EchoAuthorization_500QuotingTheKey_BuyNotProcessed_AndTheAnswerIsKeptAsSent()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.EchoAuthorization);
        var path = BuyPath(sandbox);

        var (status, body) = await sandbox.GetAsync(path);

        Assert.Equal(500, status);
        var echo = JsonDocument.Parse(body).RootElement;
        Assert.Equal("internal server error", echo.GetProperty("error").GetString());
        Assert.Equal($"Bearer {sandbox.Server.Options.ApiKey}", echo.GetProperty("authorization").GetString());
        Assert.Equal($"/v1/{path}", echo.GetProperty("path").GetString());
        Assert.Equal([body], sandbox.Server.Options.Faults.Echoed);
        Assert.Equal(0, sandbox.State.BuyRequests);
        Assert.Equal(100m, sandbox.State.Balance);
    }

    [Fact]
    public async Task EchoAuthorization_NotPartOfAll_NoHeaderEchoedEmpty_KeepsTheLatestAnswers()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.EchoAuthorization);
        using var guest = new HttpClient { BaseAddress = sandbox.Server.BaseUrl }; // no Authorization header
        for (var i = 0; i < SandboxFaults.EchoesKept + 5; i++)
        {
            using var response = await guest.GetAsync(new Uri($"guest/products/c{i}/any", UriKind.Relative));
            Assert.Equal(500, (int)response.StatusCode);
        }

        Assert.False(FaultKinds.All.HasFlag(FaultKinds.EchoAuthorization));
        var echoed = sandbox.Server.Options.Faults.Echoed;
        Assert.Equal([.. Enumerable.Range(5, SandboxFaults.EchoesKept).Select(i => $"/v1/guest/products/c{i}/any")],
            echoed.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("path").GetString()));
        Assert.All(echoed, e => Assert.Equal("", JsonDocument.Parse(e).RootElement.GetProperty("authorization").GetString()));
    }

    [Fact]
    public async Task Remaining_One_OnlyTheFirstMatchingRequestFaults()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.RateLimited);
        sandbox.Server.Options.Faults.Remaining = 1;

        var first = await sandbox.GetAsync("user/profile");
        var second = await sandbox.GetAsync("user/profile");

        Assert.Equal((429, 200), (first.Status, second.Status));
        Assert.Equal(0, sandbox.Server.Options.Faults.Remaining);
    }

    [Fact]
    public async Task HtmlErrorPage_502TextHtml()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.HtmlErrorPage);

        using var response = await sandbox.Client.GetAsync(new Uri("guest/products/ru/any", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedJson_200WithHalfABody()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.TruncatedJson);
        sandbox.Server.Options.Faults.Probability = 0;
        var (_, whole) = await sandbox.GetAsync("guest/products/ru/any");
        sandbox.Server.Options.Faults.Probability = 1;

        var (status, body) = await sandbox.GetAsync("guest/products/ru/any");

        Assert.Equal(200, status);
        Assert.Equal(whole[..(whole.Length / 2)], body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task RateLimited_429WithRetryAfter()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.RateLimited);

        using var response = await sandbox.Client.GetAsync(new Uri("user/profile", UriKind.Relative));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task PathContains_OnlyMatchingRequestsFault()
    {
        await using var sandbox = await WithFaultAsync(FaultKinds.ServerError, "/user/buy/");

        var (guest, _) = await sandbox.GetAsync("guest/products/ru/any");
        var (buy, _) = await sandbox.GetAsync(BuyPath(sandbox));

        Assert.Equal(200, guest);
        Assert.True(buy is 500 or 502, $"status {buy}");
    }

    [Fact]
    public async Task Probability_Partial_SameSeedSameFaultSequence()
    {
        static async Task<int[]> StatusesAsync()
        {
            await using var sandbox = await TestSandbox.StartAsync();
            sandbox.Server.Options.Faults.Kinds = FaultKinds.RateLimited;
            sandbox.Server.Options.Faults.Probability = 0.5;
            var statuses = new int[40];
            for (var i = 0; i < statuses.Length; i++)
            {
                statuses[i] = (await sandbox.GetAsync("guest/prices?country=ru")).Status;
            }

            return statuses;
        }

        var first = await StatusesAsync();

        Assert.Equal(first, await StatusesAsync());
        Assert.InRange(first.Count(s => s == 429), 8, 32);
        Assert.InRange(first.Count(s => s == 200), 8, 32);
    }
}
