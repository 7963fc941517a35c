using Microsoft.Extensions.Time.Testing;

namespace SmsBuyz.Sandbox.Tests.Market;

public sealed class MarketTimeTests
{
    private static async Task<string> BodyAsync(TestSandbox sandbox, string path)
    {
        var (status, body) = await sandbox.GetAsync(path);
        Assert.Equal(200, status);
        return body;
    }

    [Fact]
    public async Task SameSeedSameTime_ByteIdenticalBodies_EvenWhenOneWasPolledInBetween()
    {
        await using var polled = await TestSandbox.StartAsync(o => o.Countries = 5);
        await using var jumped = await TestSandbox.StartAsync(o => o.Countries = 5);

        // One sandbox is read every tick, the other only at the end: the lazy replay must agree.
        for (var minute = 0; minute < 30; minute++)
        {
            await BodyAsync(polled, "guest/prices");
            polled.Time.Advance(TimeSpan.FromMinutes(1));
        }

        jumped.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(await BodyAsync(jumped, "guest/prices"), await BodyAsync(polled, "guest/prices"));
        Assert.Equal(await BodyAsync(jumped, "guest/products/ru/any"), await BodyAsync(polled, "guest/products/ru/any"));
        Assert.Equal(30, polled.State.MarketTick);
    }

    [Fact]
    public async Task DifferentSeed_DifferentMarket()
    {
        await using var a = await TestSandbox.StartAsync();
        await using var b = await TestSandbox.StartAsync(o => o.Seed = 7);

        Assert.NotEqual(await BodyAsync(a, "guest/prices"), await BodyAsync(b, "guest/prices"));
    }

    [Fact]
    public async Task MarketTicks_PricesAndStockMoveWithinBounds()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var before = sandbox.State.CurrentOffers();

        sandbox.Time.Advance(TimeSpan.FromSeconds(59));
        var sameTick = sandbox.State.CurrentOffers();
        sandbox.Time.Advance(TimeSpan.FromHours(2));
        var after = sandbox.State.CurrentOffers();

        Assert.Equal(before, sameTick);
        var changed = before.Zip(after).Count(p => p.First.Price != p.Second.Price || p.First.Qty != p.Second.Qty);
        Assert.InRange(changed, before.Count / 4, before.Count);
        Assert.All(after, o => Assert.InRange(o.Price, 0.01m, 5.00m));
        Assert.All(after, o => Assert.Equal(decimal.Round(o.Price, 4), o.Price));
        Assert.All(after, o => Assert.True(o.Qty >= 0));
    }

    [Fact]
    public async Task SetOffer_HoldsUntilMarketMovesThatOffer()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Countries = 1);
        var offer = sandbox.State.CurrentOffers()[0];
        sandbox.State.SetOffer(offer.CountryIso, offer.Operator, offer.Product, 0.0123m, 0);

        var minutes = 0;
        while (sandbox.State.CurrentOffers()[0] is { Price: 0.0123m, Qty: 0 } && minutes < 24 * 60)
        {
            sandbox.Time.Advance(TimeSpan.FromMinutes(1));
            minutes++;
        }

        Assert.InRange(minutes, 1, 24 * 60 - 1);
    }

    [Fact]
    public async Task TimeAcceleration_SandboxRunsFasterThanClock()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.TimeAcceleration = 60;
            o.SmsNeverProbability = 1;
        });
        var order = await sandbox.BuyAsync();

        sandbox.Time.Advance(TimeSpan.FromSeconds(20));
        var check = await sandbox.GetJsonAsync("user/check/1");

        Assert.Equal(TestSandbox.Start.AddMinutes(20), sandbox.State.Now);
        Assert.Equal(20, sandbox.State.MarketTick);
        Assert.Equal(TestSandbox.Start.AddMinutes(20), Json.Time(order.GetProperty("expires")));
        Assert.Equal("TIMEOUT", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task StartAsync_LargeCatalog_RealNamesFirstAndUniqueCodes()
    {
        var options = new SandboxOptions { Countries = 200, Products = 150, MaxOperatorsPerCountry = 6 };
        await using var server = await SandboxServer.StartAsync(options, timeProvider: new FakeTimeProvider(TestSandbox.Start));

        var offers = server.State.CurrentOffers();

        Assert.Equal(200, offers.Select(o => o.CountryIso).Distinct().Count());
        Assert.Equal(150, offers.Select(o => o.Product).Distinct().Count());
        Assert.Equal(("ru", "russia"), (offers[0].CountryIso, offers[0].CountryName));
        Assert.Contains(offers, o => o is { CountryIso: "gb", CountryName: "england" });
        Assert.Equal(["telegram", "whatsapp", "google", "microsoft", "amazon"], offers.Select(o => o.Product).Distinct().Take(5));
        Assert.All(offers.GroupBy(o => o.CountryIso), g => Assert.InRange(g.Select(o => o.Operator).Distinct().Count(), 2, 6));
    }

    [Theory]
    [InlineData(0, 2, 4)]
    [InlineData(201, 2, 4)]
    [InlineData(20, 3, 2)]
    public async Task StartAsync_InvalidOptions_ThrowsNamingTheSetting(int countries, int minOps, int maxOps)
    {
        var options = new SandboxOptions { Countries = countries, MinOperatorsPerCountry = minOps, MaxOperatorsPerCountry = maxOps };

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SandboxServer.StartAsync(options));

        Assert.StartsWith("SandboxOptions.", error.Message, StringComparison.Ordinal);
    }
}
