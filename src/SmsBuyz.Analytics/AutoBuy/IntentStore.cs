using System.Globalization;
using Dapper;
using System.Data.Common;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Buy intents and what they spent. <see cref="ReserveAsync"/> re-reads every sum and count inside one
/// BEGIN IMMEDIATE transaction and inserts the intent in it, so two evaluations racing (threads or processes)
/// cannot both pass a limit.
/// </summary>
public sealed partial class IntentStore(Database db, TimeProvider time)
{
    private static readonly string Counted = IntentStates.Sql(IntentStates.Counted);
    private static readonly string InFlight = IntentStates.Sql(IntentStates.InFlight);
    internal static readonly string FinalStatuses = SqlList.Of(OrderStatus.Final);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Commits an intent for <paramref name="offer"/> when every limit still allows it; else why not.</summary>
    public async Task<(BuyIntent? Intent, string? WhyNot)> ReserveAsync(RuleOptions rule, AutoBuyOptions global, Candidate offer,
        decimal? balance, bool killSwitch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var mode = global.Mode == AutoBuyMode.Live ? AutoBuyMode.Live : AutoBuyMode.DryRun;
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, WriteLock.Reservation, ct);
        if (mode == AutoBuyMode.Live && await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM buy_intent WHERE state IN {InFlight}", transaction: tx) > 0)
            return (null, "another buy is in flight or its outcome is unknown");
        var usage = await UsageAsync(connection, tx, rule.Name, mode, now);
        var account = await AccountAsync(connection, tx, mode, killSwitch, balance, now);
        var why = RuleEvaluator.Blocked(rule, global, usage, account, now)
            ?? RuleEvaluator.PriceLimit(rule, global, usage, account, offer.Price);
        if (why is not null)
            return (null, why);

        var day = Day(now);
        var seq = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM buy_intent WHERE rule = @rule AND mode = @mode AND day = @day", new { rule = rule.Name, mode = mode.ToString(), day }, tx);
        var price = Money.ToUnits(offer.Price);
        var row = await connection.QuerySingleAsync<IntentRow>($"""
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at)
            VALUES (@rule, @key, @mode, @day, @Country, @Operator, @Product, @price, @price, @state, @now)
            RETURNING {IntentRow.Columns}
            """, new
        {
            rule = rule.Name, key = $"{rule.Name}:{mode}:{day}:{seq + 1}", mode = mode.ToString(), day, offer.Country, offer.Operator, offer.Product,
            price, state = (mode == AutoBuyMode.Live ? IntentState.Reserved : IntentState.DryRun).ToString(), now = UnixMs.From(now),
        }, tx);
        await tx.CommitAsync(ct);
        return (BuyIntent.From(row), null);
    }

    public async Task<RuleUsage> UsageAsync(string rule, AutoBuyMode mode, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await UsageAsync(connection, null, rule, mode, time.GetUtcNow());
    }

    public async Task<AccountState> AccountAsync(AutoBuyMode mode, bool killSwitch, decimal? balance, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await AccountAsync(connection, null, mode, killSwitch, balance, time.GetUtcNow());
    }

    private static async Task<RuleUsage> UsageAsync(DbConnection connection, DbTransaction? tx, string rule, AutoBuyMode mode, DateTimeOffset now)
    {
        var u = await connection.QuerySingleAsync<(long Today, long Spent, long Total, long? Last)>($"""
            SELECT count(CASE WHEN day = @day THEN 1 END), coalesce(sum(CASE WHEN day = @day THEN reserved END), 0), count(*), max(created_at)
            FROM buy_intent WHERE rule = @rule AND mode = @mode AND state IN {Counted}
            """, new { rule, mode = Mode(mode), day = Day(now) }, tx);
        var paused = await connection.ExecuteScalarAsync<string?>(
            "SELECT reason FROM rule_pause WHERE rule = @rule AND until > @now", new { rule, now = UnixMs.From(now) }, tx);
        return new RuleUsage((int)u.Today, Money.FromUnits(u.Spent), (int)u.Total, u.Last is { } l ? UnixMs.To(l) : null, paused);
    }

    private static async Task<AccountState> AccountAsync(DbConnection connection, DbTransaction? tx, AutoBuyMode mode,
        bool killSwitch, decimal? balance, DateTimeOffset now)
    {
        // Open orders are every order not final (also ones bought outside this tool) plus buys in flight.
        var a = await connection.QuerySingleAsync<(long Spent, long Open)>($"""
            SELECT (SELECT coalesce(sum(reserved), 0) FROM buy_intent WHERE mode = @mode AND day = @day AND state IN {Counted}),
                   (SELECT count(*) FROM orders WHERE status NOT IN {FinalStatuses})
                 + (SELECT count(*) FROM buy_intent WHERE state IN {InFlight})
            """, new { mode = Mode(mode), day = Day(now) }, tx);
        return new AccountState(mode, killSwitch, Money.FromUnits(a.Spent), balance, (int)a.Open);
    }

    private static string Mode(AutoBuyMode mode) => (mode == AutoBuyMode.Live ? AutoBuyMode.Live : AutoBuyMode.DryRun).ToString();
}
