namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One step of the auto-buy loop, its parts called in this order: at the first step of a term, read the account and
/// settle what a previous process left open (<see cref="BuyerStart"/>); then reconcile the account's unknown buys, announce a turn of the kill switch, run the
/// rules (<see cref="RuleRounds"/>: on new stored prices, on their due watch polls, and again for a rule whose unknown
/// buy was just proved absent), and poll open orders. The hosted <see cref="AutoBuyService"/> steps it every second;
/// tests step it directly. Each part keeps its own state; this step keeps none.
/// </summary>
public sealed class AutoBuyEngine(
    BuyerStart start, Reconciler reconciler, KillSwitchAnnouncer killSwitch, RuleRounds rules, OrderTracker tracker)
{
    /// <summary>A step with no buyer term: SQLite's worker (nothing to fence there), and tests.</summary>
    public Task StepAsync(CancellationToken ct) => StepAsync(term: null, ct);

    /// <param name="term">The worker's buyer term on PostgreSQL: every reservation and send of this step is fenced by it.</param>
    public async Task StepAsync(BuyerTerm? term, CancellationToken ct)
    {
        // Until the API key's account is known, nothing is bought, reconciled or tracked: each of them is that account's.
        if (await start.SettleAsync(ct) is not { Account: var account })
            return;
        try
        {
            await reconciler.ReconcileAsync(account, ct);
            killSwitch.Announce();
            await rules.RunAsync(term, ct);
        }
        finally
        {
            // Open orders are followed whatever failed above (a locked database, a failed history read): finishing after
            // a code and cancelling before expiry for a refund must not wait for the rules to work again.
            if (!ct.IsCancellationRequested && account is not null)
                await tracker.PollAsync(account, ct);
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
