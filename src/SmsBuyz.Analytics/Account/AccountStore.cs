using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

/// <summary>Profile history, and orders (with their SMS) and payments upserted by the provider's id.</summary>
public sealed class AccountStore(Database db, TimeProvider time)
{
    public async Task AddProfileAsync(long sweepId, Profile profile, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO profile_history (observed_at, user_id, email, balance, rating, default_operator, sweep_id)
            VALUES (@at, @Id, @Email, @balance, @rating, @DefaultOperator, @sweepId)
            """, new
        {
            at = UnixMs.From(time.GetUtcNow()), profile.Id, profile.Email, balance = Money.ToUnits(profile.Balance),
            rating = profile.Rating.ToString(System.Globalization.CultureInfo.InvariantCulture), profile.DefaultOperator, sweepId,
        });
    }

    /// <summary>Upserts orders and their SMS in one transaction; returns how many orders were new or changed.</summary>
    public async Task<int> UpsertOrdersAsync(IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var now = UnixMs.From(time.GetUtcNow());
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var changed = 0;
        foreach (var o in orders)
        {
            changed += await connection.ExecuteAsync("""
                INSERT INTO orders (id, phone, country, operator, product, price, status, created_at, expires_at, first_seen_at, updated_at)
                VALUES (@Id, @Phone, @Country, @Operator, @Product, @price, @Status, @created, @expires, @now, @now)
                ON CONFLICT (id) DO UPDATE SET
                    status = excluded.status, expires_at = COALESCE(excluded.expires_at, orders.expires_at),
                    phone = excluded.phone, updated_at = excluded.updated_at
                WHERE orders.status IS DISTINCT FROM excluded.status
                   OR orders.expires_at IS DISTINCT FROM COALESCE(excluded.expires_at, orders.expires_at)
                """, new
            {
                o.Id, o.Phone, Country = o.Country is null ? null : OfferNames.CountryKey(o.Country), o.Operator, o.Product,
                price = Money.ToUnits(o.Price), o.Status, created = UnixMs.From(o.CreatedAt), expires = UnixMs.From(o.Expires), now,
            }, tx);
            for (var seq = 0; seq < o.Sms.Count; seq++)
            {
                var sms = o.Sms[seq];
                await connection.ExecuteAsync("""
                    INSERT INTO order_sms (order_id, seq, created_at, code, text, sender) VALUES (@id, @seq, @at, @Code, @Text, @Sender)
                    ON CONFLICT (order_id, seq) DO NOTHING
                    """, new { id = o.Id, seq, at = UnixMs.From(sms.CreatedAt), sms.Code, sms.Text, sms.Sender }, tx);
            }
        }
        await tx.CommitAsync(ct);
        return changed;
    }

    public async Task<int> UpsertPaymentsAsync(IReadOnlyList<Payment> payments, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var added = 0;
        foreach (var p in payments)
        {
            added += await connection.ExecuteAsync("""
                INSERT INTO payments (id, type, provider, amount, balance, created_at, first_seen_at)
                VALUES (@Id, @Type, @Provider, @amount, @balance, @created, @now)
                ON CONFLICT (id) DO NOTHING
                """, new
            {
                p.Id, p.Type, p.Provider, amount = Money.ToUnits(p.Amount),
                balance = p.Balance is { } b ? Money.ToUnits(b) : (long?)null,
                created = UnixMs.From(p.CreatedAt), now = UnixMs.From(time.GetUtcNow()),
            }, tx);
        }
        await tx.CommitAsync(ct);
        return added;
    }

    /// <summary>When each stored order was first seen by this database, by id.</summary>
    public async Task<Dictionary<long, DateTimeOffset>> FirstSeenAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long At)>("SELECT id, first_seen_at FROM orders");
        return rows.ToDictionary(r => r.Id, r => UnixMs.To(r.At));
    }
}
