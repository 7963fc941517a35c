using System.Diagnostics;
using Dapper;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

// Hundreds of buys with faults, on a fake clock: every figure it checks is in simulated time, so the tests computing
// beside it can slow it down but not change what it finds; it computes as much as the heaviest of them (about a core).
[StartEarly(40)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const decimal DailyBudget = 5m;
    private static readonly (string Rule, int MaxPerDay, decimal MaxSpend)[] Limits = [("tg", 60, 2.5m), ("wa", 80, 3m)];

    private static async Task<bool> AmbiguousLatelyAsync(AutoBuyHarness h)
    {
        var now = h.Services.Time.GetUtcNow();
        await using var connection = await h.Services.OpenAsync();
        var last = await connection.ExecuteScalarAsync<long?>("""
            SELECT CASE WHEN count(*) > count(resolved_at) THEN @now ELSE max(resolved_at) END
            FROM buy_intent WHERE ended_at IS NOT NULL
            """, new { now = UnixMs.From(now) });
        return last is { } at && now - UnixMs.To(at) < TimeSpan.FromSeconds(30);
    }

    private static int Logged(AutoBuyHarness h, string text) =>
        h.Services.Logs.GetSnapshot().Count(l => l.Message.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task Live_ThreeBudgetDaysWith30PercentFaultsOnEveryEndpoint_SandboxOrdersEqualRecordedOrders_WithinEveryLimit()
    {
        var sandbox = new SandboxOptions { Countries = 3, Products = 5, StartingBalance = 100_000m, SmsNeverProbability = 0.3 };
        await using var h = await StartAsync(sandbox, Merge(
            new Dictionary<string, string?>
            {
                ["AutoBuy:Mode"] = "Live", ["AutoBuy:DailyBudget"] = DailyBudget.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AutoBuy:MaxOpenOrders"] = "4", ["AutoBuy:PollInterval"] = "00:00:05",
                ["Monitor:Countries:1"] = "us", ["Monitor:Products:1"] = "whatsapp",
                // Reads are not retried here, so every injected fault reaches the auto-buy code (and no 429 waits out a real second).
                ["SmsBuyz:MaxReadRetries"] = "0",
            },
            Rule(0, "tg", "telegram", "*", ("MaxPrice", "10"), ("Cooldown", "00:01:00"), ("MaxOrdersPerDay", "60"), ("MaxSpendPerDay", "2.5")),
            Rule(1, "wa", "whatsapp", "ru", ("DropPercent", "1"), ("Baseline", "Mean"), ("Window", "02:00:00"),
                ("WatchInterval", "00:00:30"), ("MaxOrdersPerDay", "80"), ("MaxSpendPerDay", "3"))));
        var faults = h.Sandbox.Options.Faults;
        faults.PathContains = null; // every endpoint: buy, check, finish, cancel, orders, prices
        faults.Kinds = FaultKinds.All & ~FaultKinds.Latency;
        faults.Probability = 0.3;
        // 20:00 UTC, for 34 hours: three budget days, each spent to its limits (the middle one within its first 6 hours).
        h.Services.Time.Advance(TimeSpan.FromHours(8));
        var start = h.Services.Time.GetUtcNow();
        var nextSweep = start;
        var clock = Stopwatch.StartNew();

        // 20 s steps while nothing waits on the clock; 1 s steps, as the worker takes, while a buy's outcome is unknown
        // and for half a minute after it settled, so the time until buying resumes is measured at the worker's resolution.
        while (h.Services.Time.GetUtcNow() < start.AddHours(34))
        {
            if (h.Services.Time.GetUtcNow() >= nextSweep) // a prices sweep every 5 minutes
            {
                await h.SweepAsync();
                nextSweep += TimeSpan.FromMinutes(5);
            }
            await h.StepAsync(await AmbiguousLatelyAsync(h) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(20));
        }
        h.SetKillSwitch(on: true); // no new buys; every open order still runs to a final state
        await h.StepAsync(TimeSpan.FromSeconds(20), 25 * 3);

        var orders = h.Sandbox.State.Orders;
        var intents = await h.IntentsAsync();
        var local = await h.LocalStatusesAsync();
        var sent = intents.Count(i => i.SentAt is not null);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s real; {sent} buy attempts, {h.Sandbox.State.BuyRequests} reached the endpoint, " +
            $"{orders.Count} orders; intents: {string.Join(", ", intents.GroupBy(i => i.State).Select(g => $"{g.Key} {g.Count()}"))}; " +
            $"outcome unknown {Logged(h, "outcome unknown")}, of which bought after all {Logged(h, "was bought after all")}, proved absent {Logged(h, "was not bought")}");

        await using (var connection = await h.Services.OpenAsync())
        {
            var resume = ResumeFigures.Read(connection);
            output.WriteLine($"simulated time: {resume}");
            // Enough of both to take the medians below. Over two budget days (10 hours) 6–12 answered failures and 12–25
            // lost answers came in 16 runs, 3–14 answered before: too close to 5 for a test that must not flake. Over
            // three, 10–29 answered and 26–33 lost in 6 runs of 37–42 s.
            Assert.True(resume.Answered.Count >= 5 && resume.Lost.Count >= 3, resume.ToString());
            Assert.True(ResumeFigures.Median(resume.Answered) <= TimeSpan.FromSeconds(5), resume.ToString());
            Assert.True(ResumeFigures.Median(resume.Lost) <= new AutoBuyOptions().UnknownGrace + TimeSpan.FromSeconds(5), resume.ToString());
        }
        // 358–388 here in 6 runs (225–237 over two days): a prices sweep is one price list (it was one request per product),
        // so under 30 % faults without retries fewer sweeps bring prices than when either of two requests could.
        Assert.True(sent >= 320, $"only {sent} attempts");
        Assert.DoesNotContain(intents, i => i.State is IntentState.Sent or IntentState.Unknown or IntentState.Reserved);
        var bought = intents.Where(i => i.State == IntentState.Bought).ToList();
        Assert.Equal(orders.Select(o => o.Id).Order(), bought.Select(i => i.OrderId!.Value).Order());
        Assert.All(orders, o => Assert.Equal(o.Status.ToString().ToUpperInvariant(), local[o.Id]));
        Assert.All(orders, o => Assert.NotEqual(SandboxOrderStatus.Pending, o.Status));
        Assert.True(h.Sandbox.State.BuyRequests <= sent);
        var price = orders.ToDictionary(o => o.Id, o => o.Price);
        output.WriteLine(string.Join("; ", bought.GroupBy(i => (i.Day, i.Rule)).Select(g =>
            $"{g.Key.Day} {g.Key.Rule}: {g.Count()} orders, {g.Sum(i => price[i.OrderId!.Value])} charged")));
        foreach (var day in bought.GroupBy(i => i.Day))
        {
            Assert.True(day.Sum(i => price[i.OrderId!.Value]) <= DailyBudget, $"day {day.Key} over the budget");
            foreach (var (rule, maxPerDay, maxSpend) in Limits)
            {
                var mine = day.Where(i => i.Rule == rule).ToList();
                Assert.True(mine.Count <= maxPerDay && mine.Sum(i => price[i.OrderId!.Value]) <= maxSpend, $"{rule} over its limits on {day.Key}");
            }
        }
    }
}
