using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// The account's parts of a sweep: profile, orders and payments, read at once. The profile names the account
/// (<see cref="Identities"/>: learned at the first read, checked at every one), and orders and payments are written under
/// it only once it is named, so no row is ever stored under another account than the one it came from. When this
/// sweep's profile read fails, the account this process already knows stands (the API key cannot change while it runs);
/// with none known yet, orders and payments fail with the profile's failure and wait for the next sweep.
/// </summary>
public sealed class AccountSweep(AccountStore store, SweepStore sweeps)
{
    /// <param name="provider">The provider entry whose key is read with: its account is the one its profile names.</param>
    public IReadOnlyList<SweepPart> Parts(ProviderConnection provider)
    {
        var (client, identities) = (provider.Client, provider.Identities);
        var named = new TaskCompletionSource<AccountRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        return
        [
            new SweepPart("user/profile", async (sweep, ct) =>
            {
                try
                {
                    var profile = await client.GetProfileAsync(ct);
                    var account = await identities.LearnAsync(profile, ct);
                    named.TrySetResult(account);
                    await sweeps.SetAccountAsync(sweep.Id, account.Id, ct);
                    await store.AddProfileAsync(account, sweep.Id, profile, ct);
                }
                catch (Exception ex)
                {
                    named.TrySetException(ex);
                    throw;
                }
                return [];
            }),
            new SweepPart("user/orders", async (sweep, ct) =>
            {
                var orders = await client.GetAllOrdersAsync("activation", ct);
                sweep.Counts.AddPoints(orders.Count);
                sweep.Counts.AddChanges(await store.UpsertOrdersAsync(await AccountAsync(identities, named.Task), orders, ct));
                return [];
            }),
            new SweepPart("user/payments", async (sweep, ct) =>
            {
                var payments = await client.GetPaymentsAsync(ct);
                sweep.Counts.AddPoints(payments.Count);
                sweep.Counts.AddChanges(await store.UpsertPaymentsAsync(await AccountAsync(identities, named.Task), payments, ct));
                return [];
            }),
        ];
    }

    private static async Task<AccountRef> AccountAsync(Identities identities, Task<AccountRef> named)
    {
        try
        {
            return await named;
        }
        catch (Exception) when (identities.Account is { } known)
        {
            return known;
        }
    }
}
