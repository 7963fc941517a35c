namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class PaymentsTests
{
    [Fact]
    public async Task Payments_BuyCancelAndTopUp_LedgerAddsUp()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        var price = (await sandbox.BuyAsync()).GetProperty("price").GetDecimal();
        await sandbox.GetJsonAsync("user/cancel/1");

        var payments = await sandbox.GetJsonAsync("user/payments");

        Assert.Equal(3, payments.GetArrayLength());
        Assert.Equal(["id", "type", "provider", "amount", "balance", "created_at"], Json.Names(payments[0]));
        Assert.Equal([price, -price, 100m], payments.EnumerateArray().Select(p => p.GetProperty("amount").GetDecimal()));
        Assert.Equal([100m, 100m - price, 100m], payments.EnumerateArray().Select(p => p.GetProperty("balance").GetDecimal()));
        Assert.Equal(TestSandbox.Start, Json.Time(payments[2].GetProperty("created_at")));
    }

    [Fact]
    public async Task Payments_Timeout_RefundDatedAtExpiry()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();
        sandbox.Time.Advance(TimeSpan.FromHours(1));

        var refund = (await sandbox.GetJsonAsync("user/payments"))[0];

        Assert.Equal("refund", refund.GetProperty("type").GetString());
        Assert.Equal(TestSandbox.Start.AddMinutes(20), Json.Time(refund.GetProperty("created_at")));
    }

    [Fact]
    public async Task SetBalance_Adjusts_ProfileAndPaymentAgree()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        sandbox.State.SetBalance(2.5m);
        var profile = await sandbox.GetJsonAsync("user/profile");
        var adjustment = (await sandbox.GetJsonAsync("user/payments"))[0];

        Assert.Equal(2.5m, profile.GetProperty("balance").GetDecimal());
        Assert.Equal(-97.5m, adjustment.GetProperty("amount").GetDecimal());
        Assert.Equal(2.5m, adjustment.GetProperty("balance").GetDecimal());
    }
}
