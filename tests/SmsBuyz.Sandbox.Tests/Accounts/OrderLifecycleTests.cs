using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class OrderLifecycleTests
{
    /// <summary>Every order gets its SMS exactly 30 s after the buy.</summary>
    private static void SmsAfter30Seconds(SandboxOptions o)
    {
        o.SmsNeverProbability = 0;
        o.SmsDelayMin = TimeSpan.FromSeconds(30);
        o.SmsDelayMax = TimeSpan.FromSeconds(30);
    }

    [Fact]
    public async Task Check_PlannedSmsDue_ReceivedThenFinish()
    {
        await using var sandbox = await TestSandbox.StartAsync(SmsAfter30Seconds);
        var id = (await sandbox.BuyAsync()).GetProperty("id").GetInt64();

        sandbox.Time.Advance(TimeSpan.FromSeconds(29));
        var early = await sandbox.GetJsonAsync($"user/check/{id}");
        sandbox.Time.Advance(TimeSpan.FromSeconds(1));
        var received = await sandbox.GetJsonAsync($"user/check/{id}");
        var finished = await sandbox.GetJsonAsync($"user/finish/{id}");

        Assert.Equal("PENDING", early.GetProperty("status").GetString());
        Assert.Equal("RECEIVED", received.GetProperty("status").GetString());
        var sms = received.GetProperty("sms")[0];
        Assert.Equal(["created_at", "code", "text", "sender"], Json.Names(sms));
        Assert.Equal(TestSandbox.Start.AddSeconds(30), Json.Time(sms.GetProperty("created_at")));
        Assert.Equal(JsonValueKind.String, sms.GetProperty("code").ValueKind);
        Assert.Matches("^[0-9]{6}$", sms.GetProperty("code").GetString());
        Assert.Contains(sms.GetProperty("code").GetString()!, sms.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("FINISHED", finished.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_Pending_CanceledAndRefunded()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        var price = (await sandbox.BuyAsync()).GetProperty("price").GetDecimal();
        var charged = sandbox.State.Balance;

        var order = await sandbox.GetJsonAsync("user/cancel/1");

        Assert.Equal("CANCELED", order.GetProperty("status").GetString());
        Assert.Equal(100m - price, charged);
        Assert.Equal(100m, sandbox.State.Balance);
    }

    [Fact]
    public async Task Ban_Pending_BannedAndRefunded()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();

        var order = await sandbox.GetJsonAsync("user/ban/1");

        Assert.Equal("BANNED", order.GetProperty("status").GetString());
        Assert.Equal(100m, sandbox.State.Balance);
    }

    [Fact]
    public async Task Ban_Received_BannedWithoutRefund()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        var price = (await sandbox.BuyAsync()).GetProperty("price").GetDecimal();
        sandbox.State.DeliverSms(1, "4242");

        var order = await sandbox.GetJsonAsync("user/ban/1");

        Assert.Equal("BANNED", order.GetProperty("status").GetString());
        Assert.Equal(100m - price, sandbox.State.Balance);
    }

    [Fact]
    public async Task Check_PendingPastExpiry_TimeoutAndAutoRefund()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();

        sandbox.Time.Advance(TimeSpan.FromMinutes(20));
        var balance = (await sandbox.GetJsonAsync("user/profile")).GetProperty("balance").GetDecimal();
        var order = await sandbox.GetJsonAsync("user/check/1");

        Assert.Equal(100m, balance);
        Assert.Equal("TIMEOUT", order.GetProperty("status").GetString());
        Assert.Equal(0, order.GetProperty("sms").GetArrayLength());
    }

    [Fact]
    public async Task Check_SmsPlannedAfterExpiry_TimeoutNotReceived()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.SmsNeverProbability = 0;
            o.SmsDelayMin = o.SmsDelayMax = TimeSpan.FromMinutes(25);
        });
        await sandbox.BuyAsync();

        sandbox.Time.Advance(TimeSpan.FromMinutes(30));
        var order = await sandbox.GetJsonAsync("user/check/1");

        Assert.Equal("TIMEOUT", order.GetProperty("status").GetString());
    }
}
