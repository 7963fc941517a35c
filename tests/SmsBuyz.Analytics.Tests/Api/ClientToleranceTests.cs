using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>Bodies that differ from the documentation but must still be read (the client parses tolerantly: docs/configuration.md, Against the real API).</summary>
public sealed class ClientToleranceTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task GetProfileAsync_UnknownFieldsAndNumbersAsStrings_ReadsValues()
    {
        _h.Server.Set("user/profile", StubReply.Json("""
            {"id": "1", "email": "u@example.com", "balance": "10.50", "rating": "0", "default_operator": "any",
             "frozen_balance": 3, "vendor": {"nested": [1, 2]}}
            """));

        var profile = await _h.Client.GetProfileAsync(CancellationToken.None);

        Assert.Equal(new Profile(1, "u@example.com", 10.50m, 0m, "any"), profile);
    }

    [Theory]
    [InlineData("\"sms\": null,")]
    [InlineData("")]
    [InlineData("\"sms\": [],")]
    public async Task CheckAsync_SmsNullMissingOrEmpty_HasNoCode(string smsField)
    {
        _h.Server.Set("user/check/7", StubReply.Json(
            $$"""{{{smsField}} "id": 7, "status": "pending", "price": "0.4118", "extra": true}"""));

        var order = await _h.Client.CheckAsync(7, CancellationToken.None);

        Assert.Empty(order.Sms);
        Assert.False(order.HasCode);
        Assert.Equal((OrderStatus.Pending, 0.4118m), (order.Status, order.Price));
    }

    [Fact]
    public async Task GetOrdersAsync_WrappedDataAndTotal_ReadsOrdersAndTotal()
    {
        _h.Server.Set("user/orders", StubReply.Json("""
            {"Data": [{"id": 5, "status": "RECEIVED", "price": 0.4118, "created_at": "2026-01-15T12:00:00",
                       "sms": [{"date": "2026-01-15T12:01:30", "code": "000042"}]}],
             "ProductNames": [], "Statuses": [], "Total": 45832}
            """));

        var page = await _h.Client.GetOrdersAsync(null, 50, 0, CancellationToken.None);

        Assert.Equal(45832, page.Total);
        var order = Assert.Single(page.Orders);
        Assert.Equal("000042", Assert.Single(order.Sms).Code);
        Assert.Equal(DocBodies.Utc(12, 1, 30), order.Sms[0].CreatedAt);
    }

    [Fact]
    public async Task GetOrdersAsync_WrappedDataNull_ReturnsEmptyPage()
    {
        _h.Server.Set("user/orders", StubReply.Json("""{"Data": null, "Total": 0}"""));

        var page = await _h.Client.GetOrdersAsync(null, 50, 0, CancellationToken.None);

        Assert.Empty(page.Orders);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task GetPaymentsAsync_PlainArray_ReadsPayments()
    {
        _h.Server.Set("user/payments", StubReply.Json("""
            [{"id": 9, "type": "charge", "provider": "admin", "amount": "-0.4118", "balance": 10.0882,
              "created_at": "2026-01-15T12:00:00", "unknown": "x"}]
            """));

        var payments = await _h.Client.GetPaymentsAsync(CancellationToken.None);

        Assert.Equal([new Payment(9, "charge", "admin", -0.4118m, 10.0882m, DocBodies.Utc(12, 0))], payments);
    }

    [Fact]
    public async Task GetPaymentsAsync_Wrapped5simNames_ReadsPayments()
    {
        _h.Server.Set("user/payments", StubReply.Json("""
            {"Data": [{"ID": 10, "TypeName": "charge", "ProviderName": "admin", "Amount": 10.50, "Balance": "21.00",
                       "CreatedAt": "2026-01-15T12:01:30"}],
             "PaymentTypes": [{"Name": "charge"}], "PaymentProviders": [{"Name": "admin"}], "Total": 1}
            """));

        var payments = await _h.Client.GetPaymentsAsync(CancellationToken.None);

        Assert.Equal([new Payment(10, "charge", "admin", 10.50m, 21.00m, DocBodies.Utc(12, 1, 30))], payments);
    }

    [Fact]
    public async Task GetProductsAsync_MalformedEntry_ReportsProblemAndKeepsGoodOnes()
    {
        _h.Server.Set("guest/products/russia/any", StubReply.Json("""
            {"microsoft": {"Category": "activation", "Qty": "45832", "Price": "0.4118"},
             "broken": {"Category": "activation", "Qty": 3, "Price": "n/a"},
             "weird": 42,
             "amazon": {"Qty": 12004, "Price": 0.5147, "Unknown": {}}}
            """));

        var result = await _h.Client.GetProductsAsync("russia", "any", CancellationToken.None);

        Assert.Equal(
            [new ProductOffer("microsoft", "activation", 45832, 0.4118m), new ProductOffer("amazon", null, 12004, 0.5147m)],
            result.Offers);
        Assert.Equal(2, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Contains("'broken'", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("'weird'", StringComparison.Ordinal));
    }
}
