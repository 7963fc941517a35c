using Dapper;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

/// <summary>
/// One price history, swept from the sandbox into the store, replayed through the live worker (stepped at each sweep)
/// and through the backtest: both fire at the same instants at the same prices, because both judge a price against the
/// history before it.
/// </summary>
public sealed class LiveBacktestAgreementTests
{
    private static readonly SandboxOptions Market = new() { Countries = 3, Products = 5, SmsNeverProbability = 1 };

    /// <summary>After a day at 0.4118, a new price every hour: each sweep changes the series, so worker and backtest judge the same instants.</summary>
    private static readonly decimal[] Drops = [0.25m, 0.40m, 0.30m, 0.45m, 0.20m, 0.41m, 0.33m, 0.19m, 0.50m, 0.18m];

    private static Task<AutoBuyHarness> StartAsync(string mode, params (string Key, string Value)[] condition) =>
        AutoBuyHarness.StartAsync(Market, Merge(new Dictionary<string, string?> { ["AutoBuy:Mode"] = mode }, Rule(0, "dip", "telegram", "ru", condition)));

    /// <summary>Every telegram offer in ru at 0.4118, then a day later at each price in turn, an hour apart; returns the rule's intents.</summary>
    private static async Task<List<(DateTimeOffset At, decimal Price)>> ReplayAsync(AutoBuyHarness h, IEnumerable<decimal> prices)
    {
        h.SetAll("ru", "telegram", 0.4118m);
        await h.SweepAsync();
        await h.StepAsync(TimeSpan.Zero);
        h.Services.Time.Advance(TimeSpan.FromHours(25));
        foreach (var price in prices)
        {
            h.SetAll("ru", "telegram", price);
            await h.SweepAsync();
            await h.StepAsync(TimeSpan.Zero); // judged at the sweep's instant, as the backtest judges its change points
            h.Services.Time.Advance(TimeSpan.FromHours(1));
        }
        await using var connection = await h.Services.OpenAsync();
        return (await connection.QueryAsync<(long At, long Price)>("SELECT created_at, max_price FROM buy_intent WHERE rule = 'dip' ORDER BY id"))
            .Select(r => (UnixMs.To(r.At), Money.FromUnits(r.Price))).ToList();
    }

    private static async Task<List<(DateTimeOffset At, decimal Price)>> BacktestAsync(AutoBuyHarness h, DateTimeOffset from)
    {
        var rules = h.Services.Get<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
        var result = Assert.Single(await h.Services.Get<Backtester>().RunAsync(rules, new AutoBuyOptions(), from,
            h.Services.Time.GetUtcNow().AddSeconds(1), CancellationToken.None));
        return result.Buys.Select(b => (b.At, b.Offer.Price)).ToList();
    }

    [Theory]
    [InlineData("Baseline", "Min")]
    [InlineData("Baseline", "Median")]
    [InlineData("Baseline", "Mean")]
    [InlineData("LowestInDays", "1")]
    public async Task OneSweptHistory_LiveDryRunAndBacktest_FireAtTheSameInstantsAndPrices(string key, string value)
    {
        (string, string)[] condition = key == "Baseline" ? [("DropPercent", "20"), ("Window", "1.00:00:00"), (key, value)] : [(key, value)];
        await using var h = await StartAsync("DryRun", condition);
        var from = h.Services.Time.GetUtcNow();

        var live = await ReplayAsync(h, Drops);
        var backtest = await BacktestAsync(h, from);

        Assert.Equal(backtest, live);
        Assert.InRange(live.Count, 2, Drops.Length - 2); // the history is one that tells firing from not firing
    }

    [Fact]
    public async Task MinBaseline_SweptDropFrom04118To025_LiveBuysAndTheBacktestAgrees()
    {
        await using var h = await StartAsync("Live", ("DropPercent", "20"), ("Baseline", "Min"), ("Window", "1.00:00:00"), ("MaxOrdersTotal", "1"));
        var from = h.Services.Time.GetUtcNow();

        var live = await ReplayAsync(h, [0.25m]);

        Assert.Equal(0.25m, Assert.Single(h.Sandbox.State.Orders).Price);
        Assert.Equal(live, await BacktestAsync(h, from));
    }

    [Fact]
    public async Task Watch_PriceSeenOnlyByThePoll_IsStoredUnderAWatchSweep_AndTheBacktestBuysItToo()
    {
        await using var h = await StartAsync("Live", ("MaxPrice", "0.05"), ("WatchInterval", "00:00:05"), ("MaxOrdersTotal", "1"));
        h.SetAll("ru", "telegram", 1.00m);
        await h.SweepAsync();
        var from = h.Services.Time.GetUtcNow();
        await h.StepAsync(TimeSpan.FromSeconds(1), 3);

        var op = h.Cheapest("ru", "telegram").Operator;
        h.Sandbox.State.SetOffer("ru", op, "telegram", 0.04m, 10); // no sweep sees this: only the rule's watch poll
        await h.StepAsync(TimeSpan.FromSeconds(1), 6);

        var order = Assert.Single(h.Sandbox.State.Orders);
        await using var connection = await h.Services.OpenAsync();
        var stored = await connection.QuerySingleAsync<(long Price, string Kind, long At)>("""
            SELECT c.price, w.kind, c.observed_at FROM price_change c JOIN sweep w ON w.id = c.sweep_id
            JOIN series s ON s.id = c.series_id JOIN operator o ON o.id = s.operator_id
            JOIN country k ON k.id = s.country_id JOIN product p ON p.id = s.product_id
            WHERE o.name = @op AND k.code = 'ru' AND p.name = 'telegram' ORDER BY c.observed_at DESC LIMIT 1
            """, new { op });
        var intentAt = await connection.ExecuteScalarAsync<long>("SELECT created_at FROM buy_intent");
        Assert.Equal((0.04m, SweepKind.Watch), (Money.FromUnits(stored.Price), stored.Kind));
        Assert.Equal(0.04m, order.Price);
        Assert.Equal([(UnixMs.To(intentAt), 0.04m)], await BacktestAsync(h, from));
        Assert.Equal(stored.At, intentAt); // the history explains the buy: the price bought at is stored at the instant it was judged
    }
}
