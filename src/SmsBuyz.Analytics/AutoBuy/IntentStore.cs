using Dapper;
using System.Data.Common;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Buy intents and what they spent. <see cref="ReserveAsync"/> re-reads every sum and count inside one
/// write transaction (SQLite's BEGIN IMMEDIATE; on PostgreSQL the reservation lock) and inserts the intent in it, so two
/// evaluations racing (threads, processes, workers) cannot both pass a limit. The worker's buys are fenced by its
/// <see cref="BuyerTerm"/>: a reservation or a move to Sent takes effect only while that term's lease still holds.
/// An intent belongs to the account it buys for: its order is that account's (order ids are unique per account only),
/// one buy at a time is in flight per account (and per rule across accounts), and open orders and pauses are the
/// account's; budgets stay per rule and global, across accounts.
/// </summary>
public sealed partial class IntentStore(Database db, TimeProvider time)
{
    private static readonly string Counted = IntentStates.Sql(IntentStates.Counted);
    private static readonly string InFlight = IntentStates.Sql(IntentStates.InFlight);
    internal static readonly string FinalStatuses = SqlList.Of(OrderStatus.Final);

    /// <summary>Why a deposed buyer's reservation or send is refused.</summary>
    public const string NotTheBuyer = "this worker is no longer the buyer (another worker took auto-buy over)";

    /// <summary>Why a live buy is refused before the API key's account is known.</summary>
    public const string NoAccount = "the account of the API key is not known yet (its profile was not read)";

    /// <summary>
    /// Commits an intent for <paramref name="offer"/> when every limit still allows it; else why not. <paramref name="account"/>
    /// is the account it buys for (a dry run without an API key has none; a live buy always has one). <paramref name="term"/>
    /// is the worker's buyer term (fenced), null for the user's own <c>buy</c> command (not fenced: the reservation lock
    /// and the one-in-flight rule still order it with the worker's buys).
    /// </summary>
    public async Task<(BuyIntent? Intent, string? WhyNot)> ReserveAsync(AccountRef? account, RuleOptions rule, AutoBuyOptions global,
        Candidate offer, decimal? balance, bool killSwitch, BuyerTerm? term, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var mode = global.Mode == AutoBuyMode.Live ? AutoBuyMode.Live : AutoBuyMode.DryRun;
        if (mode == AutoBuyMode.Live && account is null)
            return (null, NoAccount);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, WriteLock.Reservation, ct);
        // Under the reservation lock, which a new buyer's FailNeverSentAsync takes too: either this check sees the lease
        // gone, or the new buyer fails whatever this transaction reserves before it could be sent.
        if (term is not null && !await connection.ExecuteScalarAsync<bool>($"SELECT {HoldsLease}", Lease(term), tx))
            return (null, NotTheBuyer);
        if (mode == AutoBuyMode.Live && await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM buy_intent WHERE state IN {InFlight} AND account_id = @account", new { account = account!.Id }, tx) > 0)
            return (null, "another buy is in flight or its outcome is unknown");
        // Nor does the rule buy at another account while one of its buys is unresolved: that buy may have happened.
        if (mode == AutoBuyMode.Live && await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM buy_intent WHERE state IN {InFlight} AND rule = @rule AND mode = @mode", new { rule = rule.Name, mode = Mode(mode) }, tx) > 0)
            return (null, "the rule's buy at another account is in flight or its outcome is unknown");
        var usage = await UsageAsync(connection, tx, rule.Name, mode, account, now);
        var state = await AccountAsync(connection, tx, mode, killSwitch, balance, account, now);
        var why = RuleEvaluator.Blocked(rule, global, usage, state, now)
            ?? RuleEvaluator.PriceLimit(rule, global, usage, state, offer.Price);
        if (why is not null)
            return (null, why);

        var day = RuleUsage.Day(now);
        var seq = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM buy_intent WHERE rule = @rule AND mode = @mode AND day = @day", new { rule = rule.Name, mode = mode.ToString(), day }, tx);
        var price = Money.ToUnits(offer.Price);
        var row = await connection.QuerySingleAsync<IntentRow>($"""
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at, account_id)
            VALUES (@rule, @key, @mode, @day, @Country, @Operator, @Product, @price, @price, @state, @now, @account)
            RETURNING {IntentRow.Columns}
            """, new
        {
            rule = rule.Name, key = $"{rule.Name}:{mode}:{day}:{seq + 1}", mode = mode.ToString(), day, offer.Country, offer.Operator, offer.Product,
            price, state = (mode == AutoBuyMode.Live ? IntentState.Reserved : IntentState.DryRun).ToString(), now = UnixMs.From(now),
            account = account?.Id,
        }, tx);
        await tx.CommitAsync(ct);
        return (BuyIntent.From(row), null);
    }

    /// <param name="account">Whose pause of the rule counts; null (not known yet): none.</param>
    public async Task<RuleUsage> UsageAsync(string rule, AutoBuyMode mode, AccountRef? account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await UsageAsync(connection, null, rule, mode, account, time.GetUtcNow());
    }

    /// <param name="account">Whose open orders and buys in flight count; null (not known yet): none.</param>
    public async Task<AccountState> AccountAsync(AutoBuyMode mode, bool killSwitch, decimal? balance, AccountRef? account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await AccountAsync(connection, null, mode, killSwitch, balance, account, time.GetUtcNow());
    }

    private static async Task<RuleUsage> UsageAsync(DbConnection connection, DbTransaction? tx, string rule, AutoBuyMode mode, AccountRef? account,
        DateTimeOffset now)
    {
        var u = await connection.QuerySingleAsync<(long Today, long Spent, long Total, long? Last)>($"""
            SELECT count(CASE WHEN day = @day THEN 1 END), coalesce(sum(CASE WHEN day = @day THEN reserved END), 0), count(*), max(created_at)
            FROM buy_intent WHERE rule = @rule AND mode = @mode AND state IN {Counted}
            """, new { rule, mode = Mode(mode), day = RuleUsage.Day(now) }, tx);
        var paused = await connection.ExecuteScalarAsync<string?>(
            "SELECT reason FROM rule_pause WHERE rule = @rule AND account_id = @account AND until > @now",
            new { rule, account = account?.Id, now = UnixMs.From(now) }, tx);
        return new RuleUsage((int)u.Today, Money.FromUnits(u.Spent), (int)u.Total, u.Last is { } l ? UnixMs.To(l) : null, paused);
    }

    private static async Task<AccountState> AccountAsync(DbConnection connection, DbTransaction? tx, AutoBuyMode mode,
        bool killSwitch, decimal? balance, AccountRef? account, DateTimeOffset now)
    {
        // Open orders are every order of the account not final (also ones bought outside this tool) plus its buys in
        // flight; the day's spend is every account's, as the budget is.
        var a = await connection.QuerySingleAsync<(long Spent, long Open)>($"""
            SELECT (SELECT coalesce(sum(reserved), 0) FROM buy_intent WHERE mode = @mode AND day = @day AND state IN {Counted}),
                   (SELECT count(*) FROM orders WHERE account_id = @account AND status NOT IN {FinalStatuses})
                 + (SELECT count(*) FROM buy_intent WHERE account_id = @account AND state IN {InFlight})
            """, new { mode = Mode(mode), day = RuleUsage.Day(now), account = account?.Id }, tx);
        return new AccountState(mode, killSwitch, Money.FromUnits(a.Spent), balance, (int)a.Open);
    }

    /// <summary>
    /// PostgreSQL: the buyer term's lease session still holds the buyer lock (its pid and start time, so a recycled pid
    /// never passes). pg_locks shows every session's locks; pg_stat_activity the start time of sessions of the same role.
    /// </summary>
    private static readonly string HoldsLease = $"""
        EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.classid = {PgLocks.App} AND l.objid = {(int)WriteLock.Buyer} AND l.objsubid = 2
                  AND l.granted AND l.pid = @leasePid AND a.backend_start = @leaseStart)
        """;

    private static object Lease(BuyerTerm term) => new { leasePid = term.Pid, leaseStart = term.BackendStart };

    private static string Mode(AutoBuyMode mode) => (mode == AutoBuyMode.Live ? AutoBuyMode.Live : AutoBuyMode.DryRun).ToString();
}
