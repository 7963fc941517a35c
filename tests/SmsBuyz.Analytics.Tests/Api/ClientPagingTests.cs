using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary><c>GetAllOrdersAsync</c> pages through <c>user/orders</c> and always terminates.</summary>
public sealed class ClientPagingTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetAllOrdersAsync_250PlainOrders_Pages100_100_50()
    {
        _h.Server.Set("user/orders", r => StubReply.Json(Page(r, total: 250, wrapped: false)));

        var orders = await _h.Client.GetAllOrdersAsync("activation", CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), orders.Select(o => o.Id));
        Assert.Equal(
            ["?limit=100&offset=0&category=activation", "?limit=100&offset=100&category=activation", "?limit=100&offset=200&category=activation"],
            _h.Server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task GetAllOrdersAsync_WrappedTotalReachedOnFullPage_StopsWithoutExtraRequest()
    {
        _h.Server.Set("user/orders", r => StubReply.Json(Page(r, total: 200, wrapped: true)));

        var orders = await _h.Client.GetAllOrdersAsync(null, CancellationToken.None);

        Assert.Equal(200, orders.Count);
        Assert.Equal(2, _h.Server.Requests.Count);
    }

    [Fact]
    public async Task GetAllOrdersAsync_ServerIgnoresOffset_StopsAfterRepeatedPage()
    {
        _h.Server.Set("user/orders", _ => StubReply.Json(Orders(1, 100)));

        var orders = await _h.Client.GetAllOrdersAsync(null, CancellationToken.None);

        Assert.Equal(100, orders.Count);
        Assert.Equal(2, _h.Server.Requests.Count);
    }

    [Fact]
    public async Task GetAllOrdersAsync_WrappedIgnoresOffsetWithLargeTotal_StopsAfterRepeatedPage()
    {
        _h.Server.Set("user/orders", _ => StubReply.Json($$"""{"Data": {{Orders(1, 100)}}, "Total": 5000}"""));

        var orders = await _h.Client.GetAllOrdersAsync(null, CancellationToken.None);

        Assert.Equal(100, orders.Count);
        Assert.Equal(2, _h.Server.Requests.Count);
    }

    [Fact]
    public async Task GetAllOrdersAsync_NoOrders_SendsOneRequest()
    {
        _h.Server.Set("user/orders", StubReply.Json("""{"Data": null, "Total": 0}"""));

        var orders = await _h.Client.GetAllOrdersAsync(null, CancellationToken.None);

        Assert.Empty(orders);
        Assert.Single(_h.Server.Requests);
    }

    private static string Page(RecordedRequest request, int total, bool wrapped)
    {
        var query = QueryHelpers.ParseQuery(request.Query);
        var offset = int.Parse(query["offset"]!, CultureInfo.InvariantCulture);
        var limit = int.Parse(query["limit"]!, CultureInfo.InvariantCulture);
        var orders = Orders(offset + 1, Math.Max(0, Math.Min(limit, total - offset)));
        return wrapped ? $$"""{"Data": {{orders}}, "Total": {{total}}}""" : orders;
    }

    private static string Orders(int firstId, int count) => JsonSerializer.Serialize(
        Enumerable.Range(firstId, count).Select(id => new { id, status = "FINISHED", price = 0.4118m }));
}
