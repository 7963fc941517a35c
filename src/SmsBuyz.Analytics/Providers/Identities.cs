using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Providers;

/// <summary>
/// A configured provider and the account its API key belongs to: the one place every slice takes them from before it
/// writes or reads rows of theirs (one per <see cref="ProviderConnection"/>). The provider row is made once per process.
/// The account is learned from the first profile read (an account sweep, or the buyer settling before its first buy)
/// and checked at every later one: when the key now answers another id, that account is used from then on and a
/// warning says so once. Nothing about an account is written before it is known.
/// </summary>
/// <param name="api">The provider's settings: its name and where it is.</param>
public sealed partial class Identities(IdentityStore store, SmsBuyzClient client, SmsBuyzOptions api, ILogger<Identities> logger)
{
    private ProviderRef? _provider;
    private volatile AccountRef? _account;

    /// <summary>The account as last learned; null before the first profile read.</summary>
    public AccountRef? Account => _account;

    /// <summary>The provider, its row made (or renamed) at the first call.</summary>
    public async Task<ProviderRef> ProviderAsync(CancellationToken ct) =>
        _provider ??= await store.EnsureProviderAsync(api.Key, api.ProviderName, ct);

    /// <summary>The account a profile just read names at the provider, stored and used from now on.</summary>
    public async Task<AccountRef> LearnAsync(Profile profile, CancellationToken ct)
    {
        var (account, before, adopted) = await store.SeeAccountAsync(await ProviderAsync(ct), profile, ct);
        if (adopted)
            LogAdopted(account.ToString());
        else if (before is not null && before.Id != account.Id)
            LogChanged(account.ExternalId, before.ExternalId, account.Provider.Name);
        _account = account;
        return account;
    }

    /// <summary>The account, reading the profile first when it is not known yet (an API failure is the caller's).</summary>
    public async Task<AccountRef> AccountAsync(CancellationToken ct) => _account ?? await LearnAsync(await client.GetProfileAsync(ct), ct);

    [LoggerMessage(LogLevel.Warning, "The API key now belongs to account {Account} (was {Before}) at {Provider}: its orders, payments and buys are kept apart from the other's")]
    private partial void LogChanged(string account, string before, string provider);

    [LoggerMessage(LogLevel.Information, "The account of the rows stored before providers and accounts were told apart is {Account}")]
    private partial void LogAdopted(string account);
}
