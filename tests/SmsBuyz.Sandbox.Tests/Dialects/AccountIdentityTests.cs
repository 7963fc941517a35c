namespace SmsBuyz.Sandbox.Tests.Dialects;

/// <summary>
/// Each start is a new account unless one is configured: its own profile id and e-mail, and order and payment ids from
/// its own block, so a second run into the same database never meets the first run's ids.
/// </summary>
public sealed class AccountIdentityTests
{
    private static Task<TestSandbox> DrawnAsync(SandboxDialect dialect, Action<SandboxOptions>? configure = null) => TestSandbox.StartAsync(o =>
    {
        (o.Dialect, o.AccountId, o.FirstId, o.SmsNeverProbability) = (dialect, null, null, 0.5);
        configure?.Invoke(o);
    });

    [Theory]
    [InlineData(SandboxDialect.SmsBuyz, 1_000L, 100_000L)]
    [InlineData(SandboxDialect.FiveSim, 100_000L, 10_000_000L)]
    public async Task Start_Unconfigured_NewAccountEachTime_IdsFromItsBlock(SandboxDialect dialect, long minAccount, long maxAccount)
    {
        var runs = new List<(long Account, string? Email, long[] Orders, long[] Payments)>();
        for (var run = 0; run < 2; run++)
        {
            await using var sandbox = await DrawnAsync(dialect);
            for (var i = 0; i < 3; i++)
                await sandbox.BuyAsync();
            var profile = await sandbox.GetJsonAsync("user/profile");
            runs.Add((profile.GetProperty("id").GetInt64(), profile.GetProperty("email").GetString(),
                [.. sandbox.State.Orders.Select(o => o.Id)], [.. sandbox.State.Payments.Select(p => p.Id)]));
        }

        Assert.NotEqual(runs[0].Account, runs[1].Account);
        Assert.NotEqual(runs[0].Email, runs[1].Email);
        Assert.Empty(runs[0].Orders.Intersect(runs[1].Orders));
        Assert.All(runs, r =>
        {
            Assert.InRange(r.Account, minAccount, maxAccount - 1);
            Assert.Equal([.. Enumerable.Range(1, 3).Select(n => (r.Account * 100_000) + n)], r.Orders);
            Assert.Equal((r.Account * 100_000) + 1, r.Payments[0]);
            Assert.Contains(r.Account.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Email, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Start_FixedAccount_SameAccountAndIdsEveryTime()
    {
        await using var a = await DrawnAsync(SandboxDialect.SmsBuyz, o => o.AccountId = 77);
        await using var b = await DrawnAsync(SandboxDialect.SmsBuyz, o => o.AccountId = 77);

        var first = await a.BuyAsync();
        var second = await b.BuyAsync();

        Assert.Equal(77, (await a.GetJsonAsync("user/profile")).GetProperty("id").GetInt64());
        Assert.Equal(7_700_001, first.GetProperty("id").GetInt64());
        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Equal((77L, "sandbox-77@example.com", 7_700_001L), (a.State.AccountId, a.State.Email, a.State.FirstId));
    }

    [Fact]
    public async Task Start_FirstIdSet_OrdersAndPaymentsCountFromIt()
    {
        await using var sandbox = await DrawnAsync(SandboxDialect.FiveSim, o => o.FirstId = 53_533_933);

        var order = await sandbox.BuyAsync();
        var next = await sandbox.BuyAsync();

        Assert.Equal([53_533_933L, 53_533_934L], [order.GetProperty("id").GetInt64(), next.GetProperty("id").GetInt64()]);
        Assert.Equal(53_533_933L, sandbox.State.Payments[0].Id);
        Assert.Equal(200, (await sandbox.GetAsync("user/check/53533934")).Status);
    }

    [Fact]
    public async Task SameSeed_OtherAccount_SameSmsOutcomes()
    {
        await using var a = await DrawnAsync(SandboxDialect.SmsBuyz);
        await using var b = await DrawnAsync(SandboxDialect.SmsBuyz, o => o.AccountId = 5);
        for (var i = 0; i < 8; i++)
        {
            await a.BuyAsync();
            await b.BuyAsync();
        }

        a.Time.Advance(TimeSpan.FromMinutes(30));
        b.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.NotEqual(a.State.AccountId, b.State.AccountId);
        Assert.Equal(Outcomes(a), Outcomes(b));
        Assert.Contains(SandboxOrderStatus.Timeout, a.State.Orders.Select(o => o.Status));
        Assert.Contains(SandboxOrderStatus.Received, a.State.Orders.Select(o => o.Status));
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(1_000_000_001L, null)]
    [InlineData(1L, 0L)]
    public async Task Start_AccountOrFirstIdOutOfRange_ThrowsNamingTheSetting(long account, long? firstId)
    {
        var options = new SandboxOptions { AccountId = account, FirstId = firstId };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SandboxServer.StartAsync(options));

        Assert.Contains(firstId is null ? "SandboxOptions.AccountId" : "SandboxOptions.FirstId", error.Message, StringComparison.Ordinal);
    }

    private static List<(SandboxOrderStatus, string?, string)> Outcomes(TestSandbox sandbox) =>
        [.. sandbox.State.Orders.Select(o => (o.Status, o.Sms.Count > 0 ? o.Sms[0].Code : null, o.Phone))];
}
