using Dapper;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Follows every stored order that is not final (also ones bought outside this tool, seen via <c>/user/orders</c>)
/// by polling <c>check</c> every <c>AutoBuy:PollInterval</c> ±10 %. Every SMS is stored. For orders auto-buy or the
/// <c>buy</c> command bought, it finishes after a code (<c>FinishOnCode</c>) and cancels for a refund at
/// <c>CancelAfter</c> without one; other orders are only watched, since their owner may still be using them.
/// Finish and cancel are sent once per poll and only after a check showed the state they need. Only the orders of the
/// account the API key belongs to are followed: another account's order of the same id is not this key's to check.
/// </summary>
public sealed class OrderTracker(
    SmsBuyzClient client, AccountStore accounts, Database db, Notifier notifier,
    IOptionsMonitor<AutoBuyOptions> options, TimeProvider time)
{
    private readonly Dictionary<long, DateTimeOffset> _nextPoll = [];

    /// <summary>Polls the account's orders that are due; returns how many orders are still open.</summary>
    public async Task<int> PollAsync(AccountRef account, CancellationToken ct)
    {
        if (!client.HasApiKey)
            return 0;
        var open = await OpenAsync(account, ct);
        var now = time.GetUtcNow();
        foreach (var id in _nextPoll.Keys.Except(open.Select(o => o.Id)).ToList())
            _nextPoll.Remove(id);
        foreach (var row in open)
        {
            if (_nextPoll.TryGetValue(row.Id, out var due) && due > now)
                continue;
            _nextPoll[row.Id] = now + options.CurrentValue.PollInterval * (0.9 + (0.2 * Random.Shared.NextDouble()));
            try
            {
                await TrackAsync(account, row, ct);
            }
            catch (SmsBuyzApiException ex)
            {
                // The next poll asks again (the provider's state is what counts); an order the API refuses to show
                // (404, 400) is asked about once a minute instead of every few seconds.
                if (!ex.IsTransient)
                    _nextPoll[row.Id] = now + TimeSpan.FromMinutes(1);
            }
        }
        return open.Count;
    }

    private async Task TrackAsync(AccountRef account, OpenOrder row, CancellationToken ct)
    {
        var order = await RecordAsync(account, row, await client.CheckAsync(row.Id, ct));
        if (row.Rule is null || order.IsFinal)
            return;
        var o = options.CurrentValue;
        if (order.HasCode && o.FinishOnCode && order.Status == OrderStatus.Received)
            await RecordAsync(account, row with { Status = order.Status, SmsCount = order.Sms.Count }, await client.FinishAsync(row.Id, ct));
        else if (!order.HasCode && order.Status == OrderStatus.Pending && time.GetUtcNow() >= (order.CreatedAt ?? row.FirstSeen) + o.CancelAfter)
            await RecordAsync(account, row with { Status = order.Status, SmsCount = order.Sms.Count }, await client.CancelAsync(row.Id, ct));
    }

    /// <summary>
    /// Stores an order a command acted on (<c>cancel</c>, <c>finish</c>, <c>ban</c>) and announces what changed since
    /// the last announcement, exactly as a poll would, so the worker's tracker does not announce it a second time.
    /// </summary>
    public async Task RecordActionAsync(AccountRef account, Order order, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var known = await connection.QuerySingleOrDefaultAsync<(string? Status, long? FirstSeen, string? Rule, long? SmsCount)>($"""
            SELECT coalesce(n.status, o.status), o.first_seen_at, i.rule, n.sms
            FROM {Joined}
            WHERE o.account_id = @account AND o.id = @Id
            """, new { order.Id, account = account.Id });
        var firstSeen = known.FirstSeen is { } ms ? UnixMs.To(ms) : time.GetUtcNow();
        await RecordAsync(account, new OpenOrder(order.Id, known.Status ?? "", firstSeen, known.Rule, (int)(known.SmsCount ?? 0)), order);
    }

    /// <summary>An order (<c>o</c>) with the intent that bought it (<c>i</c>) and what was announced of it (<c>n</c>), all of its account.</summary>
    private const string Joined = """
        orders o LEFT JOIN buy_intent i ON i.account_id = o.account_id AND i.order_id = o.id
        LEFT JOIN order_notice n ON n.account_id = o.account_id AND n.order_id = o.id
        """;

    /// <summary>Stores the order and its SMS, and announces what changed since <paramref name="before"/> was announced.</summary>
    private async Task<Order> RecordAsync(AccountRef account, OpenOrder before, Order order)
    {
        await accounts.UpsertOrdersAsync(account, [order], CancellationToken.None);
        await NoteAsync(account, order);
        for (var i = before.SmsCount; i < order.Sms.Count; i++)
            notifier.Publish(EventKinds.Code, $"order {order.Id} ({order.Product} {order.Country}, {order.Phone}) got code {order.Sms[i].Code}",
                before.Rule, order.Id, code: order.Sms[i].Code);
        if (order.Status != before.Status && order.IsFinal)
        {
            var (kind, text) = order.Status switch
            {
                OrderStatus.Finished => (EventKinds.Finished, "finished"),
                OrderStatus.Canceled => (EventKinds.Canceled, $"canceled, {order.Price} refunded"),
                OrderStatus.Timeout => (EventKinds.Refund, $"expired (TIMEOUT), {order.Price} refunded by the provider"),
                _ => (EventKinds.Banned, order.HasCode ? "number banned" : $"number banned, {order.Price} refunded"),
            };
            notifier.Publish(kind, $"order {order.Id} {text}", before.Rule, order.Id, price: order.Price);
        }
        return order;
    }

    private async Task NoteAsync(AccountRef account, Order order)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO order_notice (order_id, sms, status, account_id) VALUES (@Id, @sms, @Status, @account)
            ON CONFLICT (account_id, order_id) DO UPDATE SET sms = excluded.sms, status = excluded.status
            """, new { order.Id, sms = order.Sms.Count, order.Status, account = account.Id });
    }

    /// <summary>
    /// The account's orders not final, and ones whose final state something else stored before it was announced: tracked
    /// before, or bought here and never announced (the announcement's record failed to be written, or an account sweep
    /// stored the end first).
    /// </summary>
    private async Task<IReadOnlyList<OpenOrder>> OpenAsync(AccountRef account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Status, long FirstSeen, string? Rule, long SmsCount)>($"""
            SELECT o.id, coalesce(n.status, o.status), o.first_seen_at, i.rule, coalesce(n.sms, 0)
            FROM {Joined}
            WHERE o.account_id = @account
              AND (o.status NOT IN {IntentStore.FinalStatuses} OR n.status <> o.status OR (n.order_id IS NULL AND i.id IS NOT NULL))
            ORDER BY o.id
            """, new { account = account.Id });
        return rows.Select(r => new OpenOrder(r.Id, r.Status, UnixMs.To(r.FirstSeen), r.Rule, (int)r.SmsCount)).ToList();
    }

    private sealed record OpenOrder(long Id, string Status, DateTimeOffset FirstSeen, string? Rule, int SmsCount);
}
