using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

public sealed partial class AccountStore
{
    /// <summary>
    /// Upserts the account's orders and their SMS in one transaction; returns how many orders were new or changed. A
    /// stored order changes only in what an order does change (status, expiry, phone, new SMS). Seen again with another
    /// product or creation time, it is another order under a reused id: a conflict, kept in <c>order_conflict</c> as
    /// seen (once per distinct sight) with a warning, and the stored order stays as it was.
    /// </summary>
    public async Task<int> UpsertOrdersAsync(AccountRef account, IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var now = UnixMs.From(time.GetUtcNow());
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var stored = await StoredAsync(connection, tx, account, orders);
        var changed = 0;
        foreach (var o in orders)
        {
            var row = new
            {
                o.Id, o.Phone, Country = o.Country is null ? null : OfferNames.CountryKey(o.Country), o.Operator, o.Product,
                price = Money.ToUnits(o.Price), o.Status, created = UnixMs.From(o.CreatedAt), expires = UnixMs.From(o.Expires), now,
                account = account.Id,
            };
            if (stored.TryGetValue(o.Id, out var known) && IsAnother(known, o.Product, row.created))
            {
                if (await connection.ExecuteAsync(ConflictSql, row, tx) > 0)
                    LogConflict(o.Id, account.ToString(), $"{o.Product} created {o.CreatedAt:u}", $"{known.Product} created {Time(known.CreatedAt)}");
                continue;
            }
            changed += await connection.ExecuteAsync("""
                INSERT INTO orders (id, phone, country, operator, product, price, status, created_at, expires_at, first_seen_at, updated_at, account_id)
                VALUES (@Id, @Phone, @Country, @Operator, @Product, @price, @Status, @created, @expires, @now, @now, @account)
                ON CONFLICT (account_id, id) DO UPDATE SET
                    status = excluded.status, expires_at = COALESCE(excluded.expires_at, orders.expires_at),
                    phone = excluded.phone, updated_at = excluded.updated_at
                WHERE orders.status IS DISTINCT FROM excluded.status
                   OR orders.expires_at IS DISTINCT FROM COALESCE(excluded.expires_at, orders.expires_at)
                """, row, tx);
            for (var seq = 0; seq < o.Sms.Count; seq++)
            {
                var sms = o.Sms[seq];
                await connection.ExecuteAsync("""
                    INSERT INTO order_sms (order_id, seq, created_at, code, text, sender, account_id) VALUES (@id, @seq, @at, @Code, @Text, @Sender, @account)
                    ON CONFLICT (account_id, order_id, seq) DO NOTHING
                    """, new { id = o.Id, seq, at = UnixMs.From(sms.CreatedAt), sms.Code, sms.Text, sms.Sender, account = account.Id }, tx);
            }
        }
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>What identifies each of these orders as stored for the account (an id seen before), in one read.</summary>
    private static async Task<Dictionary<long, (string? Product, long? CreatedAt)>> StoredAsync(DbConnection connection, DbTransaction tx,
        AccountRef account, IReadOnlyList<Order> orders)
    {
        if (orders.Count == 0)
            return [];
        var (min, max) = (orders.Min(o => o.Id), orders.Max(o => o.Id));
        var rows = await connection.QueryAsync<(long Id, string? Product, long? CreatedAt)>(
            "SELECT id, product, created_at FROM orders WHERE account_id = @account AND id BETWEEN @min AND @max",
            new { account = account.Id, min, max }, tx);
        return rows.ToDictionary(r => r.Id, r => (r.Product, r.CreatedAt));
    }

    /// <summary>Another product or creation time than stored; a side the API left out proves nothing.</summary>
    private static bool IsAnother((string? Product, long? CreatedAt) stored, string? product, long? created) =>
        (stored.Product is not null && product is not null && !OfferNames.SameProduct(stored.Product, product))
        || (stored.CreatedAt is { } a && created is { } b && a != b);

    /// <summary>The sight of the conflicting order, unless this very sight is recorded already.</summary>
    private const string ConflictSql = """
        INSERT INTO order_conflict (account_id, order_id, seen_at, phone, country, operator, product, price, status, created_at)
        SELECT @account, @Id, @now, @Phone, @Country, @Operator, @Product, @price, @Status, @created
        WHERE NOT EXISTS (SELECT 1 FROM order_conflict c WHERE c.account_id = @account AND c.order_id = @Id
                          AND c.product IS NOT DISTINCT FROM @Product AND c.created_at IS NOT DISTINCT FROM @created)
        """;

    private static string Time(long? ms) => ms is { } v ? UnixMs.To(v).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "at an unknown time";

    [LoggerMessage(LogLevel.Warning, "Order {Id} of account {Account} was seen again as another order ({Seen}; stored: {Stored}): the stored order is kept as it was, the other is recorded in order_conflict")]
    private partial void LogConflict(long id, string account, string seen, string stored);
}
