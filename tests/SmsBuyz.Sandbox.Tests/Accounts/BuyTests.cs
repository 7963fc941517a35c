using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class BuyTests
{
    [Fact]
    public async Task Buy_InStock_DocumentedOrderAndBalanceAndStockMove()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.State.SetOffer("ru", sandbox.State.CurrentOffers()[0].Operator, "telegram", 0.4118m, 10);
        var op = sandbox.State.CurrentOffers()[0].Operator;

        var order = await sandbox.GetJsonAsync($"user/buy/activation/ru/{op}/telegram");

        Assert.Equal(["id", "phone", "operator", "product", "price", "status", "expires", "sms", "created_at", "country"], Json.Names(order));
        Assert.Equal("PENDING", order.GetProperty("status").GetString());
        Assert.Equal(0.4118m, order.GetProperty("price").GetDecimal());
        Assert.Equal(op, order.GetProperty("operator").GetString());
        Assert.Equal("telegram", order.GetProperty("product").GetString());
        Assert.Equal("ru", order.GetProperty("country").GetString());
        Assert.StartsWith("7", order.GetProperty("phone").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, order.GetProperty("sms").GetArrayLength());
        Assert.Equal(TestSandbox.Start, Json.Time(order.GetProperty("created_at")));
        Assert.Equal(TestSandbox.Start.AddMinutes(20), Json.Time(order.GetProperty("expires")));
        Assert.Equal(99.5882m, sandbox.State.Balance);
        Assert.Equal(9, sandbox.State.CurrentOffers().Single(o => o.CountryIso == "ru" && o.Operator == op && o.Product == "telegram").Qty);
        Assert.Equal(1, sandbox.State.BuyRequests);
    }

    [Fact]
    public async Task Buy_Any_TakesCheapestOperatorWithStock()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.MinOperatorsPerCountry = 3);
        var ops = sandbox.State.CurrentOffers().Where(o => o.CountryIso == "gb" && o.Product == "google").Select(o => o.Operator).ToList();
        foreach (var op in ops)
        {
            sandbox.State.SetOffer("gb", op, "google", 2m, 100);
        }

        sandbox.State.SetOffer("gb", ops[0], "google", 0.10m, 0);
        sandbox.State.SetOffer("gb", ops[2], "google", 0.25m, 3);

        var order = await sandbox.GetJsonAsync("user/buy/activation/gb/any/google");

        Assert.Equal(ops[2], order.GetProperty("operator").GetString());
        Assert.Equal(0.25m, order.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Buy_StockZero_503NoFreePhonesAndNoCharge()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.5m, 0);

        var (status, body) = await sandbox.GetAsync($"user/buy/activation/ru/{op}/telegram");

        Assert.Equal(503, status);
        Assert.Equal("no free phones", body);
        Assert.Equal(100m, sandbox.State.Balance);
        Assert.Empty(sandbox.State.Orders);
    }

    [Fact]
    public async Task Buy_AnyWithNoStockAtAnyOperator_503()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        foreach (var offer in sandbox.State.CurrentOffers().Where(o => o.CountryIso == "us" && o.Product == "amazon"))
        {
            sandbox.State.SetOffer("us", offer.Operator, "amazon", offer.Price, 0);
        }

        var (status, _) = await sandbox.GetAsync("user/buy/activation/us/any/amazon");

        Assert.Equal(503, status);
        Assert.Empty(sandbox.State.Orders);
    }

    [Fact]
    public async Task Buy_ConcurrentRequests_NeverOversellsOrOvercharges()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.5m, 5);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => (await sandbox.GetAsync($"user/buy/activation/ru/{op}/telegram")).Status));

        Assert.Equal(5, statuses.Count(s => s == 200));
        Assert.Equal(15, statuses.Count(s => s == 503));
        Assert.Equal(20, sandbox.State.BuyRequests);
        Assert.Equal(97.5m, sandbox.State.Balance);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), sandbox.State.Orders.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task Buy_BalanceBelowPrice_400NotEnoughBalance()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.StartingBalance = 0.30m);
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.31m, 5);

        var (status, body) = await sandbox.GetAsync($"user/buy/activation/ru/{op}/telegram");

        Assert.Equal(400, status);
        Assert.Equal("not enough user balance", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        Assert.Equal(0.30m, sandbox.State.Balance);
    }

    [Theory]
    [InlineData("user/buy/activation/atlantis/any/telegram")]
    [InlineData("user/buy/activation/ru/nosuchoperator/telegram")]
    [InlineData("user/buy/activation/ru/any/nosuchproduct")]
    public async Task Buy_UnknownCountryOperatorOrProduct_404(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var (status, _) = await sandbox.GetAsync(path);

        Assert.Equal(404, status);
        Assert.Equal(100m, sandbox.State.Balance);
    }
}
