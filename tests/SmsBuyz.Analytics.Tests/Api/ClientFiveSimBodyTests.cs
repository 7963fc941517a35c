using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>
/// 5sim's own documented examples (5sim.net/docs), verbatim where the sandbox's FiveSim dialect can only come close:
/// Go's nanosecond times (the sandbox's clock has 100 ns ticks), profile fields that are objects, capitalised payments.
/// </summary>
public sealed class ClientFiveSimBodyTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task BuyActivationAsync_5simExample_NanosecondTimesSmsNullAndPlusPhone()
    {
        _h.Server.Set("user/buy/activation/russia/beeline/vkontakte", StubReply.Json("""
            {"id": 11631253, "phone": "+79000381454", "operator": "beeline", "product": "vkontakte", "price": 21,
             "status": "PENDING", "expires": "2018-10-13T08:28:38.809469028Z", "sms": null,
             "created_at": "2018-10-13T08:13:38.809469028Z", "forwarding": false, "forwarding_number": "", "country": "russia"}
            """));

        var order = await _h.Client.BuyActivationAsync("russia", "beeline", "vkontakte", CancellationToken.None);

        var created = new DateTimeOffset(2018, 10, 13, 8, 13, 38, TimeSpan.Zero).AddTicks(8_094_690);
        Assert.Equal(new Order(11631253, "+79000381454", "beeline", "vkontakte", 21m, OrderStatus.Pending, "russia", created,
            created.AddMinutes(15), []), order with { Sms = [] });
        Assert.Empty(order.Sms);
        Assert.False(order.HasCode);
    }

    [Fact]
    public async Task GetProfileAsync_5simExample_ObjectsWhereSmsBuyzHasStrings()
    {
        _h.Server.Set("user/profile", StubReply.Json("""
            {"id": 1, "email": "mail@gmail.com", "vendor": "demo", "default_forwarding_number": "78009005040", "balance": 100,
             "rating": 96, "default_country": {"name": "russia", "iso": "ru", "prefix": "+7"},
             "default_operator": {"name": ""}, "frozen_balance": 0}
            """));

        var profile = await _h.Client.GetProfileAsync(CancellationToken.None);

        Assert.Equal(new Profile(1, "mail@gmail.com", 100m, 96m, null), profile);
    }

    [Fact]
    public async Task GetOrdersAsync_5simExample_WrappedWithProductNamesAndStatuses()
    {
        _h.Server.Set("user/orders", StubReply.Json("""
            {"Data": [{"id": 53533933, "phone": "+79085895281", "operator": "tele2", "product": "aliexpress", "price": 2,
                       "status": "BANNED", "expires": "2020-06-28T16:32:43.307041Z", "sms": [],
                       "created_at": "2020-06-28T16:17:43.307041Z", "country": "russia"}],
             "ProductNames": [], "Statuses": [], "Total": 3}
            """));

        var page = await _h.Client.GetOrdersAsync("activation", 15, 0, CancellationToken.None);

        var order = Assert.Single(page.Orders);
        Assert.Equal((53533933L, "russia", OrderStatus.Banned, 3L), (order.Id, order.Country, order.Status, page.Total!.Value));
        Assert.Equal(new DateTimeOffset(2020, 6, 28, 16, 17, 43, TimeSpan.Zero).AddTicks(3_070_410), order.CreatedAt);
    }
}
