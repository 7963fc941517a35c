using System.Net.Http.Headers;
using System.Text.Json;

namespace SmsBuyz.Sandbox.Tests.Dialects;

/// <summary>user/* in the FiveSim dialect: 5sim's order, profile and payment shapes, its key and its error texts.</summary>
public sealed class FiveSimAccountTests
{
    private static Task<TestSandbox> FiveSimAsync(Action<SandboxOptions>? configure = null) => TestSandbox.StartAsync(o =>
    {
        o.Dialect = SandboxDialect.FiveSim;
        configure?.Invoke(o);
    });

    [Fact]
    public async Task Buy_ByCountryName_5simOrderWithSmsNull()
    {
        await using var sandbox = await FiveSimAsync();
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.4118m, 10);

        var order = await sandbox.GetJsonAsync($"user/buy/activation/russia/{op}/telegram");
        var (_, raw) = await sandbox.GetAsync($"user/check/{order.GetProperty("id").GetInt64()}");

        Assert.Contains("\"phone\":\"+7", raw, StringComparison.Ordinal); // a plus as 5sim writes it, not \u002B
        Assert.Equal(
            ["id", "phone", "operator", "product", "price", "status", "expires", "sms", "created_at", "forwarding", "forwarding_number", "country"],
            Json.Names(order));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("sms").ValueKind);
        Assert.Equal(("russia", op, "PENDING"), (order.GetProperty("country").GetString(), order.GetProperty("operator").GetString(), order.GetProperty("status").GetString()));
        Assert.Equal("+" + sandbox.State.Orders[0].Phone, order.GetProperty("phone").GetString());
        Assert.StartsWith("+7", order.GetProperty("phone").GetString(), StringComparison.Ordinal);
        Assert.False(order.GetProperty("forwarding").GetBoolean());
        Assert.Equal("2026-01-15T12:00:00Z", order.GetProperty("created_at").GetString());
        Assert.Equal(TestSandbox.Start.AddMinutes(20), Json.FiveSimTime(order.GetProperty("expires")));
    }

    [Fact]
    public async Task Check_AfterSms_SmsArrayWith5simFields_FractionalTimes()
    {
        await using var sandbox = await FiveSimAsync(o => o.SmsNeverProbability = 1);
        sandbox.Time.Advance(TimeSpan.FromMilliseconds(250));
        var id = (await sandbox.BuyAsync()).GetProperty("id").GetInt64();
        sandbox.State.DeliverSms(id, "012345");

        var order = await sandbox.GetJsonAsync($"user/check/{id}");

        var sms = Assert.Single(order.GetProperty("sms").EnumerateArray());
        Assert.Equal(["created_at", "date", "sender", "text", "code"], Json.Names(sms));
        Assert.Equal("012345", sms.GetProperty("code").GetString());
        Assert.Equal("2026-01-15T12:00:00.25Z", order.GetProperty("created_at").GetString());
        Assert.Equal("RECEIVED", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Orders_WrappedWith5simLists_SmsNullUntilACodeCame()
    {
        await using var sandbox = await FiveSimAsync(o => o.SmsNeverProbability = 1);
        var first = (await sandbox.BuyAsync()).GetProperty("id").GetInt64();
        var second = (await sandbox.BuyAsync()).GetProperty("id").GetInt64();
        sandbox.State.DeliverSms(second, "4242");

        var body = await sandbox.GetJsonAsync("user/orders?category=activation&limit=10");

        Assert.Equal(["Data", "ProductNames", "Statuses", "Total"], Json.Names(body));
        Assert.Equal(2, body.GetProperty("Total").GetInt32());
        var data = body.GetProperty("Data");
        Assert.Equal([second, first], data.EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        Assert.Equal("4242", data[0].GetProperty("sms")[0].GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, data[1].GetProperty("sms").ValueKind);
        Assert.Equal(["id", "phone", "operator", "product", "price", "status", "expires", "sms", "created_at", "country"], Json.Names(data[1]));
    }

    [Fact]
    public async Task Profile_5simShape_NamesTheAccount()
    {
        await using var sandbox = await FiveSimAsync(o => o.AccountId = 4_321_987);

        var profile = await sandbox.GetJsonAsync("user/profile");

        Assert.Equal(
            ["id", "email", "vendor", "default_forwarding_number", "balance", "rating", "default_country", "default_operator", "frozen_balance"],
            Json.Names(profile));
        Assert.Equal(4_321_987, profile.GetProperty("id").GetInt64());
        Assert.Equal("sandbox-5sim-4321987@example.com", profile.GetProperty("email").GetString());
        Assert.Equal(("russia", "ru", "+7"), (profile.GetProperty("default_country").GetProperty("name").GetString(),
            profile.GetProperty("default_country").GetProperty("iso").GetString(), profile.GetProperty("default_country").GetProperty("prefix").GetString()));
        Assert.Equal(100m, profile.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Payments_Wrapped5simNames_LedgerAddsUp()
    {
        await using var sandbox = await FiveSimAsync(o => o.SmsNeverProbability = 1);
        var order = await sandbox.BuyAsync();
        await sandbox.GetJsonAsync($"user/cancel/{order.GetProperty("id").GetInt64()}");

        var body = await sandbox.GetJsonAsync("user/payments");

        Assert.Equal(["Data", "PaymentTypes", "PaymentProviders", "Total"], Json.Names(body));
        Assert.Equal(3, body.GetProperty("Total").GetInt32());
        var data = body.GetProperty("Data");
        Assert.Equal(["ID", "TypeName", "ProviderName", "Amount", "Balance", "CreatedAt"], Json.Names(data[0]));
        Assert.Equal(["refund", "charge", "payment"], data.EnumerateArray().Select(p => p.GetProperty("TypeName").GetString()));
        Assert.Equal(0m, data.EnumerateArray().Sum(p => p.GetProperty("Amount").GetDecimal()) - 100m);
        Assert.Equal(["refund", "charge", "payment"], body.GetProperty("PaymentTypes").EnumerateArray().Select(t => t.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task Key_DefaultIsTheDialects_SmsBuyzKeyRefused()
    {
        await using var sandbox = await FiveSimAsync();

        var own = await sandbox.GetAsync("user/profile");
        sandbox.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sandbox-key");
        var other = await sandbox.GetAsync("user/profile");

        Assert.Equal("sandbox-5sim-key", sandbox.Server.Options.ApiKey);
        Assert.Equal(200, own.Status);
        Assert.Equal(403, other.Status);
    }

    [Fact]
    public async Task Buy_BalanceTooLow_400PlainText()
    {
        await using var sandbox = await FiveSimAsync(o => o.StartingBalance = 0.30m);
        var op = sandbox.State.CurrentOffers()[0].Operator;
        sandbox.State.SetOffer("ru", op, "telegram", 0.31m, 5);

        var (status, body) = await sandbox.GetAsync($"user/buy/activation/russia/{op}/telegram");

        Assert.Equal((400, "not enough user balance"), (status, body));
    }
}
