using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Providers;

/// <summary>The <c>provider</c> and <c>account</c> rows: made when first seen, renamed, and an account learned from a profile.</summary>
public sealed class IdentityStore(Database db, TimeProvider time)
{
    /// <summary>
    /// The provider of <paramref name="baseUrl"/> (its key, <see cref="SmsBuyzOptions.Key"/>: a normalized base URL or an
    /// <c>Identity</c> setting), made when new, renamed when the configuration renamed it.
    /// </summary>
    public async Task<ProviderRef> EnsureProviderAsync(string baseUrl, string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var stored = (await connection.QueryAsync<(long Id, string Name)>(Find, new { baseUrl })).ToList();
        if (stored.Count == 0)
        {
            // Another process may make it at the same moment: its row is the one.
            await connection.ExecuteAsync("""
                INSERT INTO provider (base_url, name, first_seen_at) VALUES (@baseUrl, @name, @now) ON CONFLICT (base_url) DO NOTHING
                """, new { baseUrl, name, now = UnixMs.From(time.GetUtcNow()) });
            stored = [.. await connection.QueryAsync<(long Id, string Name)>(Find, new { baseUrl })];
        }
        var (id, storedName) = stored[0];
        if (storedName != name)
            await connection.ExecuteAsync("UPDATE provider SET name = @name WHERE id = @id", new { name, id });
        return new ProviderRef(id, name, baseUrl);
    }

    private const string Find = "SELECT id, name FROM provider WHERE base_url = @baseUrl";

    /// <summary>
    /// The account <paramref name="profile"/> names at <paramref name="provider"/>, made when new (or adopting the
    /// migration's <see cref="AccountRef.Unknown"/> account), its e-mail and last sight updated; with the account last
    /// seen there before this read, so a caller can tell that the key now belongs to another account.
    /// </summary>
    public async Task<(AccountRef Account, AccountRef? Before, bool Adopted)> SeeAccountAsync(ProviderRef provider, Profile profile,
        CancellationToken ct)
    {
        var external = profile.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new { provider = provider.Id, external, profile.Email, now = UnixMs.From(time.GetUtcNow()), unknown = AccountRef.Unknown };
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var before = (await connection.QueryAsync<(long Id, string External, string? Email)>("""
            SELECT id, external_id, email FROM account WHERE provider_id = @provider ORDER BY last_seen_at DESC, id DESC LIMIT 1
            """, args, tx)).Select(b => new AccountRef(b.Id, provider, b.External, b.Email)).FirstOrDefault();
        var adopted = await connection.ExecuteAsync("""
            UPDATE account SET external_id = @external, email = @Email, last_seen_at = @now
            WHERE provider_id = @provider AND external_id = @unknown
              AND NOT EXISTS (SELECT 1 FROM account a WHERE a.provider_id = @provider AND a.external_id = @external)
            """, args, tx) > 0;
        await connection.ExecuteAsync("""
            INSERT INTO account (provider_id, external_id, email, first_seen_at, last_seen_at) VALUES (@provider, @external, @Email, @now, @now)
            ON CONFLICT (provider_id, external_id) DO UPDATE SET email = excluded.email, last_seen_at = excluded.last_seen_at
            """, args, tx);
        var id = await connection.ExecuteScalarAsync<long>(
            "SELECT id FROM account WHERE provider_id = @provider AND external_id = @external", args, tx);
        await tx.CommitAsync(ct);
        return (new AccountRef(id, provider, external, profile.Email), before, adopted);
    }
}
