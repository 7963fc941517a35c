using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One buy of a re-checked offer for an account: the intent reserved with its budget and committed, marked Sent (fenced
/// by the buyer term), the request sent exactly once and never retried, then what happened recorded; an outcome that is
/// not known is left to the <see cref="Reconciler"/>. So is a record that fails to be written (the database refuses the
/// write after the request went out): the reconciler is told first when the request ended, so the next orders read after
/// the database works again settles the intent by evidence, with the budget it really spent. Only <see cref="Buyer"/>
/// calls it, in turn with every other buy.
/// </summary>
public sealed class BuySender(
    SmsBuyzClient client, IntentStore intents, AccountStore accounts, Reconciler reconciler, KillSwitch killSwitch, Notifier notifier)
{
    /// <param name="account">Whose buy it is; null only for a dry run without an API key (a live buy without one is refused).</param>
    public async Task<BuyResult> BuyAsync(AccountRef? account, RuleOptions rule, AutoBuyOptions global, Candidate offer, decimal? balance,
        BuyerTerm? term, CancellationToken ct)
    {
        var (intent, whyNot) = await intents.ReserveAsync(account, rule, global, offer, balance, killSwitch.IsOn, term, ct);
        if (intent is null)
            return new BuyResult(BuyOutcome.Skipped, whyNot!);
        var what = $"rule {rule.Name}: {RuleEvaluator.Describe(offer)}";
        if (intent.State == IntentState.DryRun)
        {
            notifier.Publish(EventKinds.DryRunBuy, $"dry-run: would buy {what} (intent {intent.Id})", rule.Name, offer: offer);
            return new BuyResult(BuyOutcome.DryRun, what);
        }
        if (!await MarkSentOrReleaseAsync(intent.Id, term, ct))
        {
            // Not sent, and never will be: if it is still Reserved (the lease went), it stops holding its budget and
            // blocking other buys now rather than at the next buyer's start.
            await ReleaseAsync(intent.Id, IntentStore.NotTheBuyer);
            return new BuyResult(BuyOutcome.Skipped, $"intent {intent.Id} was not sent: settled by another process, or {IntentStore.NotTheBuyer}");
        }
        // A live intent always has its account: ReserveAsync refuses one without.
        var owner = account!;

        Order order;
        try
        {
            order = await client.BuyActivationAsync(offer.Country, offer.Operator, offer.Product, ct);
        }
        catch (SmsBuyzApiException ex) when (!ex.OutcomeUnknown)
        {
            reconciler.NoteEnded(intent.Id, answerArrived: true);
            return await FailedAsync(owner, rule, global, intent, ex);
        }
        catch (Exception ex)
        {
            // Timeout, 5xx, dropped connection, cancellation mid-request, anything else: the buy may have happened. The
            // kind says whether an answer arrived, which decides how soon the orders list can settle it.
            var kind = (ex as SmsBuyzApiException)?.Kind;
            reconciler.NoteEnded(intent.Id, answerArrived: kind is { } k && !SmsBuyzApiException.IsLostAnswer(k));
            await intents.MarkUnknownAsync(intent.Id, kind, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            notifier.Publish(EventKinds.Unknown, $"{what}: outcome unknown ({ex.Message}); reconciling before any other buy", rule.Name, offer: offer);
            if (!ct.IsCancellationRequested)
                await reconciler.ReconcileAsync(owner, ct);
            return new BuyResult(BuyOutcome.Unknown, ex.Message, Kind: kind);
        }

        // Bought. Should a write below fail, the intent is still Sent, and the next orders read finds its order.
        reconciler.NoteEnded(intent.Id, answerArrived: true);
        await accounts.UpsertOrdersAsync(owner, [order], CancellationToken.None);
        if (await intents.MarkBoughtAsync(intent.Id, order.Id, order.Price, CancellationToken.None) == 0
            && await intents.MarkBoughtAfterAllAsync(intent.Id, order.Id, order.Price, CancellationToken.None) > 0)
            notifier.Publish(EventKinds.Reconciled, $"intent {intent.Id} ({rule.Name}) had been settled as not bought, but its order {order.Id} " +
                "arrived after all: it counts as bought", rule.Name, order.Id, offer, order.Price);
        notifier.Publish(EventKinds.Buy, $"bought order {order.Id} ({order.Phone}) for {what}", rule.Name, order.Id, offer, order.Price);
        if (order.Price > intent.MaxPrice)
            await CancelOverpricedAsync(owner, order, intent, rule.Name);
        return new BuyResult(BuyOutcome.Bought, what, order.Id);
    }

    /// <summary>
    /// Reserved → Sent. If that write fails nothing was sent, so the reservation is released rather than left to
    /// block every buy (one in flight at a time) until the next start: now, or by the next reconciliation when the
    /// database refuses this write too.
    /// </summary>
    private async Task<bool> MarkSentOrReleaseAsync(long id, BuyerTerm? term, CancellationToken ct)
    {
        try
        {
            return await intents.MarkSentAsync(id, term, ct);
        }
        catch
        {
            // Not sent, whatever the database holds: should the move have been written after all, the intent is settled
            // by the next orders read instead of waiting out a request that never went out.
            reconciler.NoteEnded(id, answerArrived: true);
            await ReleaseAsync(id, "marking it sent failed", rethrow: false);
            throw;
        }
    }

    /// <summary>Reserved → Failed for an intent that was not sent; when the database refuses that too, the reconciler releases it later.</summary>
    private async Task ReleaseAsync(long id, string why, bool rethrow = true)
    {
        try
        {
            await intents.ReleaseUnsentAsync(id, why, CancellationToken.None);
        }
        catch (Exception)
        {
            reconciler.NoteUnsent(id);
            if (rethrow)
                throw;
        }
    }

    private async Task<BuyResult> FailedAsync(AccountRef account, RuleOptions rule, AutoBuyOptions global, BuyIntent intent, SmsBuyzApiException ex)
    {
        var error = $"{ex.Kind}: {ex.BodyExcerpt ?? ex.Message}";
        await intents.MarkFailedAsync(intent.Id, ex.Kind, error, CancellationToken.None);
        notifier.Publish(EventKinds.BuyFailed, $"rule {rule.Name}: buy of {intent.Product} {intent.Country}/{intent.Operator} failed: {error}", rule.Name);
        string? pause = ex.Kind == ApiErrorKind.InsufficientBalance ? "insufficient balance"
            : ex.IsAuthFailure ? "the API key was rejected"
            : ex.Kind != ApiErrorKind.NoNumbers && await intents.FailureStreakAsync(rule.Name, global.PauseAfterFailures, CancellationToken.None) >= global.PauseAfterFailures
                ? $"{global.PauseAfterFailures} buys failed in a row (last: {error})" : null;
        if (pause is not null)
        {
            await intents.PauseAsync(account, rule.Name, pause, global.PauseFor, CancellationToken.None);
            notifier.Publish(EventKinds.Paused, $"rule {rule.Name} paused for {global.PauseFor}: {pause}", rule.Name);
        }
        return new BuyResult(BuyOutcome.Failed, error, Kind: ex.Kind);
    }

    /// <summary>The provider charged more than the re-checked price: cancel at once for a refund.</summary>
    private async Task CancelOverpricedAsync(AccountRef account, Order order, BuyIntent intent, string rule)
    {
        try
        {
            var canceled = await client.CancelAsync(order.Id, CancellationToken.None);
            await accounts.UpsertOrdersAsync(account, [canceled], CancellationToken.None);
            notifier.Publish(EventKinds.Canceled, $"order {order.Id} cost {order.Price}, above the re-checked {intent.MaxPrice}: canceled for a refund", rule, order.Id);
        }
        catch (SmsBuyzApiException ex)
        {
            notifier.Publish(EventKinds.BuyFailed, $"order {order.Id} cost {order.Price}, above {intent.MaxPrice}; cancel failed ({ex.Kind}), the tracker cancels it later", rule, order.Id);
        }
    }
}
