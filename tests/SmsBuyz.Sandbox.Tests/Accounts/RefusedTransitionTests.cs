using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class RefusedTransitionTests
{
    [Theory]
    [InlineData("finish", "PENDING")]
    [InlineData("finish", "CANCELED")]
    [InlineData("cancel", "RECEIVED")]
    [InlineData("cancel", "FINISHED")]
    [InlineData("cancel", "TIMEOUT")]
    [InlineData("ban", "FINISHED")]
    [InlineData("ban", "CANCELED")]
    [InlineData("ban", "BANNED")]
    [InlineData("finish", "TIMEOUT")]
    public async Task Transition_NotAllowedFromStatus_400AndUnchanged(string action, string from)
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.SmsNeverProbability = 1);
        await sandbox.BuyAsync();
        await BringTo(sandbox, from);
        var balance = sandbox.State.Balance;

        var (status, body) = await sandbox.GetAsync($"user/{action}/1");

        Assert.Equal(400, status);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()));
        Assert.Equal(from, (await sandbox.GetJsonAsync("user/check/1")).GetProperty("status").GetString());
        Assert.Equal(balance, sandbox.State.Balance);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("finish")]
    [InlineData("cancel")]
    [InlineData("ban")]
    public async Task Action_UnknownOrder_404(string action)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var (status, _) = await sandbox.GetAsync($"user/{action}/999");

        Assert.Equal(404, status);
    }

    private static async Task BringTo(TestSandbox sandbox, string status)
    {
        switch (status)
        {
            case "RECEIVED":
                sandbox.State.DeliverSms(1, "1234");
                break;
            case "FINISHED":
                sandbox.State.DeliverSms(1, "1234");
                await sandbox.GetJsonAsync("user/finish/1");
                break;
            case "CANCELED":
                await sandbox.GetJsonAsync("user/cancel/1");
                break;
            case "BANNED":
                await sandbox.GetJsonAsync("user/ban/1");
                break;
            case "TIMEOUT":
                sandbox.Time.Advance(TimeSpan.FromMinutes(21));
                break;
        }
    }
}
