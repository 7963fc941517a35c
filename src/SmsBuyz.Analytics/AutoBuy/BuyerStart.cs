using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// What a buyer settles before buying, once per term (a process's start, or a worker becoming the buyer): intents
/// reserved but never sent are failed (once, before any buy of the term); then, for each configured account, the
/// account its API key belongs to is read (no buy is sent for an account not known) and its orders are read, so orders
/// that existed before count as "known before the send" when an unknown buy is reconciled, and open ones are tracked at
/// once. An account whose profile cannot be read (its provider out of reach) is asked again a little later; the others
/// buy meanwhile.
/// </summary>
public sealed class BuyerStart(IntentStore intents, BuyingAccounts accounts, TimeProvider time)
{
    /// <summary>How long after a failed profile read the next step asks again, rather than every second.</summary>
    private static readonly TimeSpan ProfileRetry = TimeSpan.FromSeconds(5);

    private bool _neverSentFailed;
    private readonly HashSet<BuyingAccount> _settled = [];
    private readonly Dictionary<BuyingAccount, DateTimeOffset> _nextProfileRead = [];

    /// <summary>
    /// The accounts settled so far in this term, settling the ones due; none while no account can be read (the API out
    /// of reach): nothing is bought or tracked for an account until it is. A database failure leaves the rest unsettled and throws.
    /// </summary>
    public async Task<IReadOnlyList<BuyingAccount>> SettleAsync(CancellationToken ct)
    {
        if (!_neverSentFailed)
        {
            await intents.FailNeverSentAsync(ct);
            _neverSentFailed = true;
        }
        foreach (var account in accounts.All.Where(a => !_settled.Contains(a)))
        {
            if (await SettleAsync(account, ct))
                _settled.Add(account);
        }
        return [.. accounts.All.Where(_settled.Contains)];
    }

    /// <summary>Whether the account is settled: its profile read and its orders stored (best effort); without an API key, at once.</summary>
    private async Task<bool> SettleAsync(BuyingAccount buyer, CancellationToken ct)
    {
        var identities = buyer.Connection.Identities;
        if (!buyer.Connection.HasApiKey)
            return true;
        if (identities.Account is null && _nextProfileRead.TryGetValue(buyer, out var due) && time.GetUtcNow() < due)
            return false;
        try
        {
            await buyer.Reconciler.RefreshOrdersAsync(await identities.AccountAsync(ct), ct);
            return true;
        }
        catch (SmsBuyzApiException)
        {
            // The sweeps say what is wrong with the API; this account's buying waits for its profile.
            _nextProfileRead[buyer] = time.GetUtcNow() + ProfileRetry;
            return false;
        }
    }

    /// <summary>A new term begins: the next step settles again.</summary>
    public void Reset()
    {
        _neverSentFailed = false;
        _settled.Clear();
        _nextProfileRead.Clear();
    }
}
