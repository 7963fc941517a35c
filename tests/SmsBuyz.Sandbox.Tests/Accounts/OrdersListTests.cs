using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Accounts;

public sealed class OrdersListTests
{
    private static async Task<TestSandbox> WithOrdersAsync(int count, Action<SandboxOptions>? configure = null)
    {
        var sandbox = await TestSandbox.StartAsync(configure);
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.01m, 1000);
        for (var i = 0; i < count; i++)
        {
            await sandbox.GetJsonAsync($"user/buy/activation/ru/{op}/telegram");
            sandbox.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return sandbox;
    }

    private static long[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(o => o.GetProperty("id").GetInt64())];

    [Fact]
    public async Task Orders_Default_ArrayNewestFirst()
    {
        await using var sandbox = await WithOrdersAsync(3);

        var orders = await sandbox.GetJsonAsync("user/orders?category=activation");

        Assert.Equal(JsonValueKind.Array, orders.ValueKind);
        Assert.Equal([3, 2, 1], Ids(orders));
        Assert.Contains("sms", Json.Names(orders[0]));
        Assert.Equal(TestSandbox.Start.AddSeconds(2), Json.Time(orders[0].GetProperty("created_at")));
    }

    [Fact]
    public async Task Orders_LimitAndOffset_Pages()
    {
        await using var sandbox = await WithOrdersAsync(5);

        var page = await sandbox.GetJsonAsync("user/orders?limit=2&offset=1");
        var tail = await sandbox.GetJsonAsync("user/orders?limit=2&offset=4");

        Assert.Equal([4, 3], Ids(page));
        Assert.Equal([1], Ids(tail));
    }

    [Fact]
    public async Task Orders_NoLimit_DefaultsTo50()
    {
        await using var sandbox = await WithOrdersAsync(51);

        var orders = await sandbox.GetJsonAsync("user/orders");

        Assert.Equal(50, orders.GetArrayLength());
        Assert.Equal(51, orders[0].GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("user/orders?limit=101")]
    [InlineData("user/orders?limit=0")]
    [InlineData("user/orders?offset=-1")]
    [InlineData("user/orders?limit=ten")]
    public async Task Orders_LimitOutOfRange_400(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var (status, _) = await sandbox.GetAsync(path);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Orders_OtherCategory_Empty()
    {
        await using var sandbox = await WithOrdersAsync(1);

        var orders = await sandbox.GetJsonAsync("user/orders?category=hosting");

        Assert.Equal(0, orders.GetArrayLength());
    }

    [Fact]
    public async Task Orders_WrappedShape_DataAndTotal()
    {
        await using var sandbox = await WithOrdersAsync(3, o => o.OrdersShape = OrdersShape.Wrapped);

        var body = await sandbox.GetJsonAsync("user/orders?limit=2");

        Assert.Equal(["Data", "Total"], Json.Names(body));
        Assert.Equal([3, 2], Ids(body.GetProperty("Data")));
        Assert.Equal(3, body.GetProperty("Total").GetInt32());
    }
}
