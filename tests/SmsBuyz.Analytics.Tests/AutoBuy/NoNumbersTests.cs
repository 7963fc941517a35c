using Dapper;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Api;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>503 "no free phones" on the best match moves on to the next-best; nothing is paid for the refusal.</summary>
public sealed class NoNumbersTests
{
    [Theory]
    [InlineData("no free phones")]
    [InlineData("sold out, come back later")] // any wording: the 503 is what says "no numbers"
    public async Task TryBuyAsync_BestMatchAnswers503_BuysTheNextBestOnce(string refusal)
    {
        await using var stub = await StubApiServer.StartAsync();
        stub.Set("guest/prices", StubReply.Json("""{"ru": {"op1": {"cost": 0.10, "count": 5}, "op2": {"cost": 0.20, "count": 5}}}"""));
        stub.Set("user/orders", StubReply.Json("[]"));
        stub.Set("user/profile", StubReply.Json(DocBodies.Profile)); // a live buy knows its account first
        stub.Set("user/buy/activation/ru/op1/telegram", StubReply.Text(refusal, 503));
        stub.Set("user/buy/activation/ru/op2/telegram", StubReply.Json("""
            {"id": 77, "phone": "79001234567", "operator": "op2", "product": "telegram", "price": 0.20, "status": "PENDING",
             "expires": "2026-01-15T12:20:00", "sms": [], "created_at": "2026-01-15T12:00:00", "country": "ru"}
            """));
        await using var services = await new TestServices(new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = stub.BaseUrl,
            ["SmsBuyz:ApiKey"] = "stub-key",
            ["SmsBuyz:MaxReadRetries"] = "0",
            ["AutoBuy:Mode"] = "Live",
            ["AutoBuy:MinBalance"] = "0",
            ["AutoBuy:DailyBudget"] = "5",
        }).MigrateAsync();
        var rule = new RuleOptions { Name = "tg", Product = "telegram", Countries = ["ru"], Operators = ["any"], MaxPrice = 0.5m };
        Candidate[] ranked = [new("ru", "op1", "telegram", 0.10m, 5), new("ru", "op2", "telegram", 0.20m, 5)];

        var result = await services.Get<Buyer>().TryBuyAsync(rule, ranked, new BuyTurn(null, services.Get<BuyingAccounts>().All), CancellationToken.None);

        Assert.Equal((BuyOutcome.Bought, 77L), (result.Outcome, result.OrderId));
        Assert.Single(stub.RequestsTo("user/buy/activation/ru/op1/telegram"));
        Assert.Single(stub.RequestsTo("user/buy/activation/ru/op2/telegram"));
        await using var connection = await services.OpenAsync();
        var intents = (await connection.QueryAsync<(string Operator, string State, long Reserved, string? Kind)>(
            "SELECT operator, state, reserved, error_kind FROM buy_intent ORDER BY id")).ToList();
        Assert.Equal([("op1", "Failed", 0L, "NoNumbers"), ("op2", "Bought", 2000L, null)], intents);
    }
}
