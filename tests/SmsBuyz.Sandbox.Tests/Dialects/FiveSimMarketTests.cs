using Microsoft.Extensions.Time.Testing;

namespace SmsBuyz.Sandbox.Tests.Dialects;

/// <summary>
/// A SmsBuyz and a FiveSim sandbox of one seed are two providers of the same numbers: the same catalog spelled each
/// its way, stock of their own, and prices that cross, so each provider is the cheaper one part of the time.
/// </summary>
public sealed class FiveSimMarketTests
{
    private static async Task<(TestSandbox SmsBuyz, TestSandbox FiveSim)> PairAsync(FakeTimeProvider time)
    {
        var smsBuyz = await TestSandbox.StartAsync(o => o.Products = 20, time);
        var fiveSim = await TestSandbox.StartAsync(o => (o.Products, o.Dialect) = (20, SandboxDialect.FiveSim), time);
        return (smsBuyz, fiveSim);
    }

    [Fact]
    public async Task SameSeed_SameOffersSpelledApart_OwnPricesAndStock()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        var (smsBuyzSandbox, fiveSimSandbox) = await PairAsync(time);
        await using var a = smsBuyzSandbox;
        await using var b = fiveSimSandbox;

        var smsBuyz = a.State.CurrentOffers();
        var fiveSim = b.State.CurrentOffers();

        Assert.Equal(
            smsBuyz.Select(o => (o.CountryIso, o.Operator.ToLowerInvariant(), o.Product)),
            fiveSim.Select(o => (o.CountryIso, o.Operator, o.Product)));
        Assert.Contains(smsBuyz, o => o.Operator.Any(char.IsUpper)); // "Virtual12" at SmsBuyz, "virtual12" at 5sim
        var pairs = smsBuyz.Zip(fiveSim).ToList();
        Assert.InRange(pairs.Count(p => p.First.Qty != p.Second.Qty), pairs.Count * 3 / 4, pairs.Count);
        Assert.InRange(pairs.Count(p => p.First.Price != p.Second.Price), pairs.Count * 3 / 4, pairs.Count);
        Assert.All(pairs, p => Assert.InRange(p.Second.Price, MarketPrice(p.First.Price * 0.9m), MarketPrice(p.First.Price * 1.1m)));
    }

    [Fact]
    public async Task SameSeed_OverAnHour_EachOfferIsCheaperAtEachProviderSometimes()
    {
        var time = new FakeTimeProvider(TestSandbox.Start);
        var (smsBuyzSandbox, fiveSimSandbox) = await PairAsync(time);
        await using var a = smsBuyzSandbox;
        await using var b = fiveSimSandbox;
        var count = a.State.CurrentOffers().Count;
        var (fiveSimCheaper, smsBuyzCheaper, atBounds) = (new bool[count], new bool[count], new bool[count]);

        for (var minute = 0; minute <= 60; minute++)
        {
            var pairs = a.State.CurrentOffers().Zip(b.State.CurrentOffers()).ToList();
            Assert.Contains(pairs, p => p.Second.Price < p.First.Price);
            Assert.Contains(pairs, p => p.First.Price < p.Second.Price);
            for (var i = 0; i < count; i++)
            {
                fiveSimCheaper[i] |= pairs[i].Second.Price < pairs[i].First.Price;
                smsBuyzCheaper[i] |= pairs[i].First.Price < pairs[i].Second.Price;
                atBounds[i] |= pairs[i].First.Price is < 0.012m or > 4.5m; // clamped at 0.01 or 5.00, a markup can vanish
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        var inside = Enumerable.Range(0, count).Where(i => !atBounds[i]).ToList();
        Assert.InRange(inside.Count, count * 3 / 4, count);
        Assert.All(inside, i => Assert.True(fiveSimCheaper[i] && smsBuyzCheaper[i], $"offer {i}: 5sim cheaper {fiveSimCheaper[i]}, SmsBuyz cheaper {smsBuyzCheaper[i]}"));
    }

    [Fact]
    public async Task SameSeedSameTime_ByteIdenticalBodies_EvenWhenOneWasPolledInBetween()
    {
        await using var polled = await TestSandbox.StartAsync(o => o.Dialect = SandboxDialect.FiveSim);
        await using var jumped = await TestSandbox.StartAsync(o => o.Dialect = SandboxDialect.FiveSim);

        for (var minute = 0; minute < 45; minute++)
        {
            await polled.GetAsync("guest/prices");
            polled.Time.Advance(TimeSpan.FromMinutes(1));
        }

        jumped.Time.Advance(TimeSpan.FromMinutes(45));

        Assert.Equal((await jumped.GetAsync("guest/prices")).Body, (await polled.GetAsync("guest/prices")).Body);
        Assert.Equal((await jumped.GetAsync("guest/products/russia/any")).Body, (await polled.GetAsync("guest/products/russia/any")).Body);
    }

    [Fact]
    public async Task SetOffer_ServedExactly_AndBuyTakesFromItsOwnStock()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Dialect = SandboxDialect.FiveSim);
        var offer = sandbox.State.CurrentOffers().First(o => o.CountryIso == "ru" && o.Product == "telegram");
        sandbox.State.SetOffer("ru", offer.Operator.ToUpperInvariant(), "telegram", 0.4118m, 3);

        var order = await sandbox.GetJsonAsync($"user/buy/activation/russia/{offer.Operator}/telegram");
        var after = sandbox.State.CurrentOffers().Single(o => o.CountryIso == "ru" && o.Operator == offer.Operator && o.Product == "telegram");

        Assert.Equal(0.4118m, order.GetProperty("price").GetDecimal());
        Assert.Equal((0.4118m, 2L), (after.Price, after.Qty));
    }

    private static decimal MarketPrice(decimal price) => Math.Clamp(Math.Round(price, 4), 0.01m, 5.00m);
}
