namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class DeliverSmsTests
{
    [Fact]
    public async Task DeliverSms_LeadingZeros_KeptAsString()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        var id = (await sandbox.BuyAsync()).GetProperty("id").GetInt64();

        sandbox.State.DeliverSms(id, "012345");
        var order = await sandbox.GetJsonAsync($"user/check/{id}");

        Assert.Equal("RECEIVED", order.GetProperty("status").GetString());
        Assert.Equal("012345", order.GetProperty("sms")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task DeliverSms_Twice_SecondSmsAppendedStillReceived()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();

        sandbox.State.DeliverSms(1, "111111");
        sandbox.Time.Advance(TimeSpan.FromSeconds(40));
        sandbox.State.DeliverSms(1, "222222");
        var order = await sandbox.GetJsonAsync("user/check/1");

        Assert.Equal("RECEIVED", order.GetProperty("status").GetString());
        Assert.Equal(["111111", "222222"], order.GetProperty("sms").EnumerateArray().Select(s => s.GetProperty("code").GetString()));
        Assert.Equal(TestSandbox.Start.AddSeconds(40), Json.Time(order.GetProperty("sms")[1].GetProperty("created_at")));
    }

    [Fact]
    public async Task DeliverSms_CanceledOrder_Throws()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();
        await sandbox.GetJsonAsync("user/cancel/1");

        Assert.Throws<InvalidOperationException>(() => sandbox.State.DeliverSms(1, "123456"));
        Assert.Throws<ArgumentException>(() => sandbox.State.DeliverSms(99, "123456"));
    }
}
