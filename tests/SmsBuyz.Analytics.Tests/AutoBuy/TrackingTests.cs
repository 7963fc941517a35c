using Dapper;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class TrackingTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static async Task<(AutoBuyHarness Harness, SandboxOrder Order)> BuyOneAsync(SandboxOptions sandbox)
    {
        var h = await StartAsync(sandbox, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live", ["AutoBuy:CancelAfter"] = "00:10:00" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("MaxOrdersTotal", "1"))));
        await h.SweepAsync();
        await h.StepAsync(Second);
        return (h, Assert.Single(h.Sandbox.State.Orders));
    }

    [Fact]
    public async Task Track_CodeArrives_StoredAsStringAndOrderFinished()
    {
        var (h, order) = await BuyOneAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 });
        await using var _ = h;
        await h.StepAsync(Second, 10);
        h.Sandbox.State.DeliverSms(order.Id, "012345");

        await h.StepAsync(Second, 10);

        Assert.Equal(SandboxOrderStatus.Finished, h.Sandbox.State.Orders[0].Status);
        Assert.Equal("FINISHED", (await h.LocalStatusesAsync())[order.Id]);
        await using var connection = await h.Services.OpenAsync();
        Assert.Equal("012345", await connection.ExecuteScalarAsync<string>("SELECT code FROM order_sms WHERE order_id = @id", new { id = order.Id }));
    }

    [Fact]
    public async Task Track_NoCodeByCancelAfter_CanceledAndRefunded()
    {
        var (h, order) = await BuyOneAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 });
        await using var _ = h;
        var balanceAfterBuy = h.Sandbox.State.Balance;

        await h.StepAsync(TimeSpan.FromSeconds(5), 9 * 12);
        Assert.Equal(SandboxOrderStatus.Pending, h.Sandbox.State.Orders[0].Status);
        await h.StepAsync(TimeSpan.FromSeconds(5), 13);

        Assert.Equal(SandboxOrderStatus.Canceled, h.Sandbox.State.Orders[0].Status);
        Assert.Equal("CANCELED", (await h.LocalStatusesAsync())[order.Id]);
        Assert.Equal(balanceAfterBuy + order.Price, h.Sandbox.State.Balance);
    }

    [Fact]
    public async Task Track_OrderExpiresFirst_TimeoutRecordedAsRefund()
    {
        var (h, order) = await BuyOneAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1, OrderLifetime = TimeSpan.FromMinutes(5) });
        await using var _ = h;

        await h.StepAsync(TimeSpan.FromSeconds(5), 6 * 12);

        Assert.Equal(SandboxOrderStatus.Timeout, h.Sandbox.State.Orders[0].Status);
        Assert.Equal("TIMEOUT", (await h.LocalStatusesAsync())[order.Id]);
        Assert.Contains(h.Services.Logs.GetSnapshot(), l => l.Message.Contains($"order {order.Id} expired (TIMEOUT)", StringComparison.Ordinal));
    }
}
