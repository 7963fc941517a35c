using Dapper;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// The database fails at one write of the buy path (a trigger refuses it), then stays down a few seconds (every write of
/// the buy's tables refused, as a full disk or a locked file would), then works again. Whichever write it was, no intent
/// stays in flight, each intent's reservation is what it really spent, every order at the provider is linked to exactly
/// one intent and announced, and buying goes on within seconds of the recovery.
/// </summary>
public sealed class FailedWriteTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>The outage after the failed write; then the buy rule's next watch poll (5 s) is due within seconds.</summary>
    private const int DownSeconds = 3, ResumeWithinSeconds = 7;

    /// <summary>The buy path's writes: where each is refused (table, operation, which rows), and the sandbox's answer to the buy.</summary>
    public enum Write { Reserve, MarkSent, StoreOrder, MarkBought, MarkUnknown, MarkFailed, Notice }

    private static (string Table, string Operation, string? When, FaultKinds Buy) Where(Write write) => write switch
    {
        Write.Reserve => ("buy_intent", "INSERT", null, FaultKinds.None),
        Write.MarkSent => ("buy_intent", "UPDATE", "NEW.state IN ('Sent', 'Failed')", FaultKinds.None), // and the release right after it
        Write.StoreOrder => ("orders", "INSERT", null, FaultKinds.None),
        Write.MarkBought => ("buy_intent", "UPDATE", "NEW.state = 'Bought'", FaultKinds.None),
        Write.MarkUnknown => ("buy_intent", "UPDATE", "NEW.state = 'Unknown'", FaultKinds.DropAfterProcessing), // bought, answer lost
        Write.MarkFailed => ("buy_intent", "UPDATE", "NEW.state = 'Failed'", FaultKinds.RateLimited),          // refused: nothing bought
        Write.Notice => ("order_notice", "INSERT", null, FaultKinds.None),
        _ => throw new ArgumentOutOfRangeException(nameof(write)),
    };

    /// <summary>Every write of the buy's tables while the database is down.</summary>
    private static readonly (string Table, string Operation)[] Outage =
        [("buy_intent", "INSERT"), ("buy_intent", "UPDATE"), ("orders", "INSERT"), ("orders", "UPDATE"),
         ("order_sms", "INSERT"), ("order_notice", "INSERT"), ("order_notice", "UPDATE")];

    [Theory]
    [InlineData(Write.Reserve, StorageProvider.Sqlite), PostgresData(Write.Reserve, StorageProvider.PostgreSql)]
    [InlineData(Write.MarkSent, StorageProvider.Sqlite), PostgresData(Write.MarkSent, StorageProvider.PostgreSql)]
    [InlineData(Write.StoreOrder, StorageProvider.Sqlite), PostgresData(Write.StoreOrder, StorageProvider.PostgreSql)]
    [InlineData(Write.MarkBought, StorageProvider.Sqlite), PostgresData(Write.MarkBought, StorageProvider.PostgreSql)]
    [InlineData(Write.MarkUnknown, StorageProvider.Sqlite), PostgresData(Write.MarkUnknown, StorageProvider.PostgreSql)]
    [InlineData(Write.MarkFailed, StorageProvider.Sqlite), PostgresData(Write.MarkFailed, StorageProvider.PostgreSql)]
    [InlineData(Write.Notice, StorageProvider.Sqlite), PostgresData(Write.Notice, StorageProvider.PostgreSql)]
    public async Task BuyPath_DatabaseFailsAtThisWriteThenRecovers_NothingLeftInFlightBudgetRightBuyingResumes(Write write,
        StorageProvider storage)
    {
        var settings = Merge(new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("MaxOrdersTotal", "2"), ("WatchInterval", "00:00:05")));
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 }, settings, storage);
        await h.SweepAsync();
        var (table, operation, when, buy) = Where(write);
        if (buy != FaultKinds.None)
            (h.Sandbox.Options.Faults.PathContains, h.Sandbox.Options.Faults.Kinds, h.Sandbox.Options.Faults.Remaining,
                h.Sandbox.Options.Faults.Probability) = ("/user/buy/", buy, 1, 1);
        List<(string Name, string Table)> refusing = [("fault_step", table)];
        await using (var connection = await h.Services.OpenAsync())
            await RefuseAsync(connection, storage, "fault_step", table, operation, when);

        var failed = await StepAsync(h);
        Assert.True(failed is not null, $"no step failed at the {write} write");
        await using (var connection = await h.Services.OpenAsync())
            foreach (var (t, op) in Outage)
            {
                refusing.Add(($"fault_{t}_{op}", t));
                await RefuseAsync(connection, storage, $"fault_{t}_{op}", t, op, null);
            }
        for (var i = 0; i < DownSeconds; i++)
            await StepAsync(h);
        await using (var connection = await h.Services.OpenAsync())
            foreach (var (name, on) in refusing)
                await connection.ExecuteAsync(storage == StorageProvider.PostgreSql ? $"DROP TRIGGER {name} ON {on}" : $"DROP TRIGGER {name}");
        var recovered = h.Services.Time.GetUtcNow();
        var afterRecovery = new List<Exception>();
        while (h.Sandbox.State.Orders.Count < 2 && h.Services.Time.GetUtcNow() - recovered < TimeSpan.FromSeconds(30))
            if (await StepAsync(h) is { } e)
                afterRecovery.Add(e);
        var resumedAfter = h.Services.Time.GetUtcNow() - recovered;
        await h.StepAsync(Second, 6); // the tracker's next poll of each open order (AutoBuy:PollInterval 4 s ±10 %)

        Assert.Empty(afterRecovery);
        Assert.True(resumedAfter <= TimeSpan.FromSeconds(ResumeWithinSeconds), $"the second buy came {resumedAfter} after the recovery");
        var remote = h.Sandbox.State.Orders;
        Assert.Equal(2, remote.Count);
        var intents = await h.IntentsAsync();
        Assert.DoesNotContain(intents, i => i.State is IntentState.Reserved or IntentState.Sent or IntentState.Unknown);
        Assert.All(intents.Where(i => i.State == IntentState.Failed), i => Assert.Equal(0m, i.Reserved));
        var bought = intents.Where(i => i.State == IntentState.Bought).ToList();
        Assert.Equal(remote.Select(o => (o.Id, o.Price)).Order(), bought.Select(i => (i.OrderId!.Value, i.Reserved)).Order());
        // A request per sent intent at most (a refused one never reaches the sandbox's buy): none sent twice.
        Assert.InRange(h.Sandbox.State.BuyRequests, bought.Count, intents.Count(i => i.SentAt is not null));
        await using var check = await h.Services.OpenAsync();
        Assert.Equal(remote.Select(o => o.Id).Order(), await check.QueryAsync<long>("SELECT order_id FROM order_notice ORDER BY order_id"));
        Assert.Equal(remote.Select(o => o.Id).Order(), await check.QueryAsync<long>("SELECT id FROM orders ORDER BY id"));
    }

    /// <summary>One engine step a second later; the exception it ended with, if any (the service logs it and steps on).</summary>
    private static async Task<Exception?> StepAsync(AutoBuyHarness h)
    {
        try
        {
            await h.StepAsync(Second);
            return null;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException)
        {
            return ex;
        }
    }

    /// <summary>A trigger refusing the write as a failing database would, on either provider.</summary>
    private static Task<int> RefuseAsync(System.Data.Common.DbConnection connection, StorageProvider storage, string name, string table,
        string operation, string? when) => connection.ExecuteAsync(storage == StorageProvider.PostgreSql
        ? $"""
            CREATE OR REPLACE FUNCTION fault_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the database refuses the write (test)'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW {(when is null ? "" : $"WHEN ({when})")} EXECUTE FUNCTION fault_refuse();
            """
        : $"""
            CREATE TRIGGER {name} BEFORE {operation} ON {table} {(when is null ? "" : $"WHEN {when}")}
            BEGIN SELECT RAISE(ABORT, 'the database refuses the write (test)'); END;
            """);
}
