using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// Exactly one buyer among workers sharing a PostgreSQL database; another takes over within seconds of its death and
/// settles what it left open before buying; a deposed buyer can neither reserve nor send. Each "worker" here is a
/// service graph of its own on the same database, with its own lease session.
/// </summary>
public sealed class BuyerLeaseTests(ITestOutputHelper output)
{
    private static readonly RuleOptions Rule = new() { Name = "tg", Product = "telegram", Countries = ["ru"], MaxPrice = 10m, Cooldown = TimeSpan.FromHours(1) };
    private static readonly AutoBuyOptions Live = new() { Mode = AutoBuyMode.Live };

    [Fact]
    public async Task Sqlite_TheLeaseIsAlwaysHeldAndNothingIsFenced()
    {
        await using var services = await new TestServices().MigrateAsync();
        var lease = services.Get<BuyerLease>();

        Assert.True(await lease.RenewAsync(CancellationToken.None));
        Assert.True(lease.IsHeld);
        Assert.Null(lease.Term);
        await lease.KeepAsync(new CancellationToken(canceled: true)); // returns at once
    }

    [PostgresFact]
    public async Task RenewAsync_ThreeWorkersOnOneDatabase_ExactlyOneBuyerAndItStaysTheBuyer()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary());
        await using var third = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary());
        var leases = new[] { first, second, third }.Select(s => s.Get<BuyerLease>()).ToList();

        for (var round = 0; round < 3; round++)
        {
            foreach (var lease in leases)
                await lease.RenewAsync(CancellationToken.None);
            Assert.Equal([true, false, false], leases.Select(l => l.IsHeld));
        }
        Assert.Equal(leases[0].Term!.Pid, await PostgresSessions.HolderAsync(first, PgLocks.App, (int)WriteLock.Buyer));
        Assert.Single(first.Logs.GetSnapshot(), l => l.Message.StartsWith("Auto-buy: this worker is the buyer now", StringComparison.Ordinal));
        Assert.Single(second.Logs.GetSnapshot(), l => l.Message.StartsWith("Auto-buy: another worker is the buyer", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task KeepAsync_HolderSessionTerminated_TheFollowerIsTheBuyerWithinSecondsAndTheOldOneStepsDown()
    {
        await using var first = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        await using var second = new TestServices(StorageProvider.PostgreSql, first.StorageSettings.ToDictionary());
        // The lease's own cadence (follower every 2 s, holder every 1 s) on the real clock, as the worker runs it.
        await using var holder = ActivatorUtilities.CreateInstance<BuyerLease>(first.Provider, TimeProvider.System);
        await using var follower = ActivatorUtilities.CreateInstance<BuyerLease>(second.Provider, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var keepers = new List<Task> { holder.KeepAsync(stop.Token) };
        await WaitUntilAsync(() => holder.IsHeld, TimeSpan.FromSeconds(10));
        keepers.Add(follower.KeepAsync(stop.Token));
        // The follower has tried and failed at least once: it says so on its first failed try.
        await WaitUntilAsync(() => second.Logs.GetSnapshot().Any(l => l.Message.StartsWith("Auto-buy: another worker is the buyer", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10));
        Assert.False(follower.IsHeld);
        var oldTerm = holder.Term!;

        var clock = Stopwatch.StartNew();
        var stepDown = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onLost = oldTerm.Lost.Register(() => stepDown.TrySetResult(clock.Elapsed));
        await PostgresSessions.TerminateAsync(oldTerm.Pid); // what the server does when the holder's process is killed
        await WaitUntilAsync(() => follower.IsHeld, TimeSpan.FromSeconds(15));
        var takeover = clock.Elapsed;
        var steppedDown = await stepDown.Task.WaitAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"takeover {takeover.TotalSeconds:0.00} s after the holder's session ended; the old holder stepped down after {steppedDown.TotalSeconds:0.00} s");

        // A few seconds: one follower retry (2 s) or one holder check (1 s), with room for a busy machine.
        Assert.True(takeover < BuyerLease.FollowerRetry + TimeSpan.FromSeconds(6), $"takeover took {takeover}");
        Assert.True(steppedDown < BuyerLease.HolderCheck + TimeSpan.FromSeconds(5), $"the old holder stepped down after {steppedDown}");
        Assert.False(holder.IsHeld);
        Assert.NotEqual(oldTerm.Pid, follower.Term!.Pid);
        Assert.Contains(first.Logs.GetSnapshot(), l => l.Message.StartsWith("Auto-buy: this worker lost the buyer lease", StringComparison.Ordinal));
        await stop.CancelAsync();
        await Task.WhenAll(keepers);
        Assert.Null(follower.Term); // stopping gives the lease up
    }

    [PostgresFact]
    public async Task Fencing_AfterTheLeaseIsLost_ReservationAndSendRefused_TheUsersOwnBuyNot()
    {
        await using var services = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();
        var lease = services.Get<BuyerLease>();
        var intents = services.Get<IntentStore>();
        var offer = new Candidate("ru", "op", "telegram", 0.30m, 5);
        Assert.True(await lease.RenewAsync(CancellationToken.None));
        var term = lease.Term!;
        var (reserved, _) = await intents.ReserveAsync(Rule, Live, offer, null, false, term, CancellationToken.None);
        Assert.NotNull(reserved);

        await PostgresSessions.TerminateAsync(term.Pid);

        Assert.False(await intents.MarkSentAsync(reserved.Id, term, CancellationToken.None));
        await intents.ReleaseUnsentAsync(reserved.Id, IntentStore.NotTheBuyer, CancellationToken.None); // what the buyer does then
        var (refused, whyNot) = await intents.ReserveAsync(Rule, Live, offer, null, false, term, CancellationToken.None);
        Assert.Null(refused);
        Assert.Equal(IntentStore.NotTheBuyer, whyNot);
        // Taken again: a new term, under which the old one's buys stay refused.
        Assert.False(await lease.RenewAsync(CancellationToken.None)); // the holder notices the lost session
        Assert.True(await lease.RenewAsync(CancellationToken.None));
        Assert.Equal((null, IntentStore.NotTheBuyer), await intents.ReserveAsync(Rule, Live, offer, null, false, term, CancellationToken.None));
        var (renewed, _) = await intents.ReserveAsync(Rule, Live, offer, null, false, lease.Term, CancellationToken.None);
        Assert.NotNull(renewed);
        await intents.ReleaseUnsentAsync(renewed.Id, "test", CancellationToken.None);
        // The user's own buy command is not a deposed buyer: no term, not fenced.
        var (manual, _) = await intents.ReserveAsync(Rule, Live, offer, null, false, null, CancellationToken.None);
        Assert.NotNull(manual);
        Assert.True(await intents.MarkSentAsync(manual.Id, null, CancellationToken.None));

        Assert.Equal([IntentState.Failed, IntentState.Failed, IntentState.Sent], (await intents.RecentAsync(10, CancellationToken.None)).Reverse().Select(i => i.State));
    }

    [PostgresFact]
    public async Task Takeover_OldBuyerDiedWithABuySent_NewBuyerReconcilesItToItsOrderBeforeAnyBuy()
    {
        var settings = Merge(new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("Cooldown", "01:00:00")));
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 }, settings, StorageProvider.PostgreSql);
        var oldSettings = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in h.Services.StorageSettings)
            oldSettings[key] = value;
        oldSettings["SmsBuyz:BaseUrl"] = h.Sandbox.BaseUrl.ToString();
        oldSettings["SmsBuyz:ApiKey"] = h.Sandbox.Options.ApiKey;
        await using var old = new TestServices(StorageProvider.PostgreSql, oldSettings, h.Services.Time);
        var oldLease = old.Get<BuyerLease>();
        var newLease = h.Services.Get<BuyerLease>();
        Assert.True(await oldLease.RenewAsync(CancellationToken.None));
        Assert.False(await newLease.RenewAsync(CancellationToken.None));
        await h.SweepAsync();

        // The old buyer reserves, marks Sent and sends; the provider makes the order; the old worker dies before it hears.
        var offer = h.Cheapest("ru", "telegram");
        var intents = old.Get<IntentStore>();
        var (intent, _) = await intents.ReserveAsync(Rule, Live, new Candidate("ru", offer.Operator, "telegram", offer.Price, offer.Qty), null, false,
            oldLease.Term, CancellationToken.None);
        Assert.True(await intents.MarkSentAsync(intent!.Id, oldLease.Term, CancellationToken.None));
        await old.Get<SmsBuyzClient>().BuyActivationAsync("ru", offer.Operator, "telegram", CancellationToken.None);
        await PostgresSessions.TerminateAsync(oldLease.Term!.Pid);

        Assert.True(await newLease.RenewAsync(CancellationToken.None));
        h.Engine.Reset(); // as AutoBuyService does when its worker becomes the buyer
        for (var i = 0; i < 30; i++)
        {
            h.Services.Time.Advance(TimeSpan.FromSeconds(1));
            await h.Engine.StepAsync(newLease.Term, CancellationToken.None);
        }

        var order = Assert.Single(h.Sandbox.State.Orders);
        Assert.Equal(1, h.Sandbox.State.BuyRequests);
        var stored = Assert.Single(await h.IntentsAsync());
        Assert.Equal((IntentState.Bought, (long?)order.Id), (stored.State, stored.OrderId));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not within {limit}");
            await Task.Delay(20);
        }
    }
}
