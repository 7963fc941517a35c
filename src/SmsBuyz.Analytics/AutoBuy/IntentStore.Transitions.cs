using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>Moving intents through their states; every move names the state it comes from, so none repeats.</summary>
public sealed partial class IntentStore
{
    private static readonly string Unresolved = IntentStates.Sql(IntentStates.Unresolved);

    /// <summary>
    /// Reserved → Sent, committed before the request goes out. False: someone else settled it, or
    /// <paramref name="term"/>'s lease is gone (do not send).
    /// </summary>
    public async Task<bool> MarkSentAsync(long id, BuyerTerm? term, CancellationToken ct) => await UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Sent}', sent_at = @now WHERE id = @id AND state = '{IntentState.Reserved}'
        {(term is null ? "" : $"AND {HoldsLease}")}
        """, term is null ? new { id } : new { id, leasePid = term.Pid, leaseStart = term.BackendStart }, ct) == 1;

    /// <summary>Reserved → Failed by the one who reserved it and then did not send it (its Sent was refused).</summary>
    public Task<int> ReleaseUnsentAsync(long id, string why, CancellationToken ct) => UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Failed}', reserved = 0, resolved_at = @now, error = @why
        WHERE id = @id AND state = '{IntentState.Reserved}'
        """, new { id, why = $"not sent: {why}" }, ct);

    /// <summary>Sent/Unknown → Bought with the order; the reservation becomes the price actually charged.</summary>
    public Task<int> MarkBoughtAsync(long id, long orderId, decimal price, CancellationToken ct) => UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Bought}', order_id = @orderId, reserved = @price, resolved_at = @now, error = NULL,
            error_kind = NULL
        WHERE id = @id AND state IN {Unresolved}
        """, new { id, orderId, price = Money.ToUnits(price) }, ct);

    /// <summary>
    /// Failed → Bought, when the buy's own answer brings its order after all (another process proved it absent while
    /// this request was still on its way): evidence beats absence, and the budget counts the money that was charged.
    /// </summary>
    public Task<int> MarkBoughtAfterAllAsync(long id, long orderId, decimal price, CancellationToken ct) => UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Bought}', order_id = @orderId, reserved = @price, resolved_at = @now,
            error = 'bought after all: its order arrived after it had been proved absent', error_kind = NULL
        WHERE id = @id AND state = '{IntentState.Failed}' AND order_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM buy_intent other WHERE other.account_id = buy_intent.account_id AND other.order_id = @orderId)
        """, new { id, orderId, price = Money.ToUnits(price) }, ct);

    /// <summary>
    /// → Failed: nothing was bought, so the reservation is released. <paramref name="kind"/> is the typed reason;
    /// null keeps the one recorded when the outcome became unknown.
    /// </summary>
    public Task<int> MarkFailedAsync(long id, ApiErrorKind? kind, string error, CancellationToken ct) => UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Failed}', reserved = 0, resolved_at = @now, error = @error,
            error_kind = coalesce(@kind, error_kind)
        WHERE id = @id AND state IN {IntentStates.Sql(IntentStates.InFlight)}
        """, new { id, kind = kind?.ToString(), error }, ct);

    /// <summary>Sent → Unknown when the request ended without a usable answer; <c>ended_at</c> is now, the request's end.</summary>
    public Task<int> MarkUnknownAsync(long id, ApiErrorKind? kind, string error, CancellationToken ct) => UpdateAsync($"""
        UPDATE buy_intent SET state = '{IntentState.Unknown}', error = @error, error_kind = @kind, ended_at = @now
        WHERE id = @id AND state = '{IntentState.Sent}'
        """, new { id, kind = kind?.ToString(), error }, ct);

    /// <summary>
    /// At start, or when this worker becomes the buyer: a Reserved intent was never sent (Sent is committed before
    /// sending), so it is safely Failed. Under the reservation lock, so a reservation that a deposed buyer is committing
    /// right now is waited for and failed too.
    /// </summary>
    public async Task<int> FailNeverSentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, WriteLock.Reservation, ct);
        var failed = await connection.ExecuteAsync($"""
            UPDATE buy_intent SET state = '{IntentState.Failed}', reserved = 0, resolved_at = @now, error = 'process stopped before sending'
            WHERE state = '{IntentState.Reserved}'
            """, new { now = UnixMs.From(time.GetUtcNow()) }, tx);
        await tx.CommitAsync(ct);
        return failed;
    }

    /// <summary>
    /// Sent or Unknown intents of <paramref name="account"/> (every account's when null, as <c>status</c> lists them):
    /// each must be matched to an order of its account or proved absent there.
    /// </summary>
    public async Task<IReadOnlyList<BuyIntent>> UnresolvedAsync(AccountRef? account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<IntentRow>($"""
            SELECT {IntentRow.Columns} FROM buy_intent WHERE state IN {Unresolved}{(account is null ? "" : " AND account_id = @account")} ORDER BY id
            """, new { account = account?.Id });
        return rows.Select(BuyIntent.From).ToList();
    }

    public async Task<IReadOnlyList<BuyIntent>> RecentAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<IntentRow>(
            $"SELECT {IntentRow.Columns} FROM buy_intent ORDER BY id DESC LIMIT @limit", new { limit });
        return rows.Select(BuyIntent.From).ToList();
    }

    /// <summary>Orders of the account already linked to an intent: reconciliation never links one twice.</summary>
    public async Task<HashSet<long>> LinkedOrderIdsAsync(AccountRef account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>("SELECT order_id FROM buy_intent WHERE account_id = @account AND order_id IS NOT NULL",
            new { account = account.Id })).ToHashSet();
    }

    /// <summary>How many of the rule's latest live intents failed in a row; a refusal for want of numbers does not count.</summary>
    public async Task<int> FailureStreakAsync(string rule, int window, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string State, string? Kind)>("""
            SELECT state, error_kind FROM buy_intent WHERE rule = @rule AND mode = @mode ORDER BY id DESC LIMIT @window
            """, new { rule, mode = nameof(AutoBuyMode.Live), window });
        return rows.TakeWhile(r => r.State == nameof(IntentState.Failed) && r.Kind != nameof(ApiErrorKind.NoNumbers)).Count();
    }

    /// <summary>Pauses the rule at the account (insufficient balance there, its key rejected, its buys failing).</summary>
    public Task<int> PauseAsync(AccountRef account, string rule, string reason, TimeSpan duration, CancellationToken ct) => UpdateAsync("""
        INSERT INTO rule_pause (rule, reason, paused_at, until, account_id) VALUES (@rule, @reason, @now, @until, @account)
        ON CONFLICT (rule, account_id) DO UPDATE SET reason = excluded.reason, paused_at = excluded.paused_at, until = excluded.until
        """, new { rule, reason, until = UnixMs.From(time.GetUtcNow() + duration), account = account.Id }, ct);

    /// <summary>Every pause in force, of every account, with the account it holds at.</summary>
    public async Task<IReadOnlyList<(string Rule, string Reason, DateTimeOffset Until, string Account)>> PausesAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Rule, string Reason, long Until, string Account)>("""
            SELECT r.rule, r.reason, r.until, a.external_id FROM rule_pause r JOIN account a ON a.id = r.account_id
            WHERE r.until > @now ORDER BY r.rule, a.external_id
            """, new { now = UnixMs.From(time.GetUtcNow()) });
        return rows.Select(r => (r.Rule, r.Reason, UnixMs.To(r.Until), r.Account)).ToList();
    }

    private async Task<int> UpdateAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var parameters = new DynamicParameters(args);
        parameters.Add("now", UnixMs.From(time.GetUtcNow()));
        return await connection.ExecuteAsync(sql, parameters);
    }
}
