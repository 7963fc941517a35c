namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// What a buyer settles before its first buy, once per term (a process's start, or a worker becoming the buyer):
/// intents reserved but never sent are failed, and the account's orders are read, so orders that existed before count
/// as "known before the send" when an unknown buy is reconciled, and open ones are tracked at once.
/// </summary>
public sealed class BuyerStart(IntentStore intents, Reconciler reconciler)
{
    private bool _settled;

    /// <summary>Settles at the first call of a term; a failure leaves it unsettled, so the next step tries again.</summary>
    public async Task SettleAsync(CancellationToken ct)
    {
        if (_settled)
            return;
        await intents.FailNeverSentAsync(ct);
        await reconciler.RefreshOrdersAsync(ct);
        _settled = true;
    }

    /// <summary>A new term begins: the next step settles again.</summary>
    public void Reset() => _settled = false;
}
