using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// A sandbox market where the cheapest Russian telegram operator rarely delivers a code (95 % of its orders get no SMS)
/// and a dearer one always does; every other operator is far dearer. Two live rules buy on every sweep, one ranking by
/// cost per code, one by price; numbers without a code are cancelled after two minutes (decided, refunded).
/// </summary>
public sealed class CostPerCodeTests
{
    [Fact]
    public async Task Live_CheapOperatorRarelyDelivers_CostPerCodeLearnsToBuyTheDearerOneAndPriceKeepsTheCheaper()
    {
        var options = new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1, SmsDelayMin = TimeSpan.FromSeconds(5), SmsDelayMax = TimeSpan.FromSeconds(20) };
        await using var h = await StartAsync(options, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live", ["AutoBuy:CancelAfter"] = "00:02:00", ["AutoBuy:MaxOpenOrders"] = "50" },
            Rule(0, "per-code", "telegram", "russia", ("MaxPrice", "1"), ("RankBy", "CostPerCode"), ("MinDecided", "3")),
            Rule(1, "by-price", "Telegram", "ru", ("MaxPrice", "1"))));
        var operators = h.Sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru" && o.Product == "telegram").Select(o => o.Operator).ToList();
        var (cheap, dear) = (operators[0], operators[1]);
        options.SmsNeverProbabilityByOperator[cheap] = 0.95;
        options.SmsNeverProbabilityByOperator[dear] = 0;

        for (var sweep = 0; sweep < 14; sweep++)
        {
            // The market moves offers now and then: hold this one still.
            h.SetAll("ru", "telegram", 2.00m);
            h.Sandbox.State.SetOffer("ru", cheap, "telegram", 0.40m, 500);
            h.Sandbox.State.SetOffer("ru", dear, "telegram", 0.50m, 500);
            await h.SweepAsync();
            await h.StepAsync(TimeSpan.FromSeconds(1), 40);
        }

        var orders = h.Sandbox.State.Orders.ToDictionary(o => o.Id);
        var bought = (await h.IntentsAsync()).Where(i => i.OrderId is not null).Select(i => (i.Rule, Order: orders[i.OrderId!.Value])).ToList();
        var perCode = bought.Where(b => b.Rule == "per-code").Select(b => b.Order).ToList();
        var byPrice = bought.Where(b => b.Rule == "by-price").Select(b => b.Order).ToList();
        Assert.True(perCode.Count >= 12 && byPrice.Count >= 12, $"{perCode.Count} and {byPrice.Count} buys");
        // Before its record counted, the cheap offer was tried at most MinDecided times by the cost-per-code rule.
        Assert.InRange(perCode.Count(o => o.Operator == cheap), 1, 3);
        // After enough history: the cost-per-code rule buys where codes arrive, the price rule still buys the cheapest.
        Assert.All(perCode.TakeLast(6), o => Assert.Equal(dear, o.Operator));
        Assert.All(perCode.TakeLast(6).SkipLast(1), o => Assert.NotEmpty(o.Sms));
        Assert.All(byPrice, o => Assert.Equal(cheap, o.Operator));
        Assert.True(byPrice.Count(o => o.Sms.Count > 0) <= 3, "the cheap operator rarely delivers");
    }
}
