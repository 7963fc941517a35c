using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Account;

/// <summary>
/// Profile history, and orders (with their SMS) and payments upserted by (account, the provider's id): an id is unique
/// only within one account of one provider, so every row is written under the account it came from, and a row of one
/// account is never written over by another's. Orders: see <c>AccountStore.Orders.cs</c>.
/// </summary>
public sealed partial class AccountStore(Database db, TimeProvider time, ILogger<AccountStore> logger)
{
    public async Task AddProfileAsync(AccountRef account, long sweepId, Profile profile, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO profile_history (observed_at, user_id, email, balance, rating, default_operator, sweep_id, account_id)
            VALUES (@at, @Id, @Email, @balance, @rating, @DefaultOperator, @sweepId, @account)
            """, new
        {
            at = UnixMs.From(time.GetUtcNow()), profile.Id, profile.Email, balance = Money.ToUnits(profile.Balance),
            rating = profile.Rating.ToString(System.Globalization.CultureInfo.InvariantCulture), profile.DefaultOperator, sweepId,
            account = account.Id,
        });
    }

    public async Task<int> UpsertPaymentsAsync(AccountRef account, IReadOnlyList<Payment> payments, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var added = 0;
        foreach (var p in payments)
        {
            added += await connection.ExecuteAsync("""
                INSERT INTO payments (id, type, provider, amount, balance, created_at, first_seen_at, account_id)
                VALUES (@Id, @Type, @Provider, @amount, @balance, @created, @now, @account)
                ON CONFLICT (account_id, id) DO NOTHING
                """, new
            {
                p.Id, p.Type, p.Provider, amount = Money.ToUnits(p.Amount),
                balance = p.Balance is { } b ? Money.ToUnits(b) : (long?)null,
                created = UnixMs.From(p.CreatedAt), now = UnixMs.From(time.GetUtcNow()), account = account.Id,
            }, tx);
        }
        await tx.CommitAsync(ct);
        return added;
    }

    /// <summary>When each stored order of the account was first seen by this database, by id.</summary>
    public async Task<Dictionary<long, DateTimeOffset>> FirstSeenAsync(AccountRef account, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long At)>(
            "SELECT id, first_seen_at FROM orders WHERE account_id = @account", new { account = account.Id });
        return rows.ToDictionary(r => r.Id, r => UnixMs.To(r.At));
    }
}
