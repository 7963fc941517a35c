namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One step of the auto-buy loop, its parts called in this order: at the first step of a term, read each account and
/// settle what a previous process left open (<see cref="BuyerStart"/>); then reconcile each settled account's unknown
/// buys, announce a turn of the kill switch, run the
/// rules (<see cref="RuleRounds"/>: on new stored prices, on their due watch polls, and again for a rule whose unknown
/// buy was just proved absent) with the settled accounts, and poll each one's open orders. The hosted <see cref="AutoBuyService"/> steps it every second;
/// tests step it directly. Each part keeps its own state; this step keeps none.
/// </summary>
public sealed class AutoBuyEngine(BuyerStart start, KillSwitchAnnouncer killSwitch, RuleRounds rules)
{
    /// <summary>A step with no buyer term: SQLite's worker (nothing to fence there), and tests.</summary>
    public Task StepAsync(CancellationToken ct) => StepAsync(term: null, ct);

    /// <param name="term">The worker's buyer term on PostgreSQL: every reservation and send of this step is fenced by it.</param>
    public async Task StepAsync(BuyerTerm? term, CancellationToken ct)
    {
        // Until an account is known, nothing is bought, reconciled or tracked for it: each of them is that account's.
        var settled = await start.SettleAsync(ct);
        if (settled.Count == 0)
            return;
        try
        {
            foreach (var buyer in settled)
                await buyer.Reconciler.ReconcileAsync(buyer.Connection.Identities.Account, ct);
            killSwitch.Announce();
            await rules.RunAsync(new BuyTurn(term, settled), ct);
        }
        finally
        {
            // Open orders are followed whatever failed above (a locked database, a failed history read): finishing after
            // a code and cancelling before expiry for a refund must not wait for the rules to work again.
            foreach (var buyer in settled)
            {
                // The account as last learned: an account sweep may have found the key to belong to another one since.
                if (!ct.IsCancellationRequested && buyer.Connection.Identities.Account is { } account)
                    await buyer.Tracker.PollAsync(account, ct);
            }
        }
    }

    /// <summary>
    /// When this worker has just become the buyer: it starts over as a restarted process would, so the next step settles
    /// what the previous buyer left open (never-sent intents failed, orders read, unknown buys reconciled) before any
    /// buy, and evaluates every rule afresh.
    /// </summary>
    public void Reset()
    {
        start.Reset();
        rules.Reset();
    }
}
