using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>The account a step buys and tracks for: null without an API key (dry runs only, nothing to track).</summary>
public sealed record SettledBuyer(AccountRef? Account);

/// <summary>
/// What a buyer settles before its first buy, once per term (a process's start, or a worker becoming the buyer): the
/// account the API key belongs to is read (no buy is sent for an account not known), intents reserved but never sent are
/// failed, and the account's orders are read, so orders that existed before count as "known before the send" when an
/// unknown buy is reconciled, and open ones are tracked at once.
/// </summary>
public sealed class BuyerStart(IntentStore intents, Reconciler reconciler, Identities identities, SmsBuyzClient client, TimeProvider time)
{
    /// <summary>How long after a failed profile read the next step asks again, rather than every second.</summary>
    private static readonly TimeSpan ProfileRetry = TimeSpan.FromSeconds(5);

    private bool _settled;
    private DateTimeOffset _nextProfileRead = DateTimeOffset.MinValue;

    /// <summary>
    /// Settles at the first call of a term, and returns the account to buy for; null while the account cannot be read (the
    /// API out of reach): nothing is bought or tracked until it is. A database failure leaves it unsettled and throws.
    /// </summary>
    public async Task<SettledBuyer?> SettleAsync(CancellationToken ct)
    {
        if (!_settled)
        {
            AccountRef? account = null;
            if (client.HasApiKey)
            {
                if (identities.Account is null && time.GetUtcNow() < _nextProfileRead)
                    return null;
                try
                {
                    account = await identities.AccountAsync(ct);
                }
                catch (SmsBuyzApiException)
                {
                    // The sweeps say what is wrong with the API; buying waits for the account.
                    _nextProfileRead = time.GetUtcNow() + ProfileRetry;
                    return null;
                }
            }
            await intents.FailNeverSentAsync(ct);
            if (account is not null)
                await reconciler.RefreshOrdersAsync(account, ct);
            _settled = true;
        }
        // The account as last learned: an account sweep may have found the key to belong to another one since.
        return new SettledBuyer(identities.Account);
    }

    /// <summary>A new term begins: the next step settles again.</summary>
    public void Reset() => _settled = false;
}
