using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

public enum BuyOutcome { Bought, DryRun, Skipped, Failed, Unknown }

/// <summary>
/// What one buy attempt came to. <see cref="Kind"/> is the typed API error of a failed or unknown buy, or of the read
/// (price re-check, balance) that kept a skipped one from being sent (<see cref="ReadFailed"/>).
/// </summary>
public sealed record BuyResult(BuyOutcome Outcome, string Message, long? OrderId = null, ApiErrorKind? Kind = null)
{
    public bool ReadFailed => Outcome == BuyOutcome.Skipped && Kind is not null;
}

/// <summary>
/// The one path every buy takes (rules and the manual <c>buy</c> command). For each of the ranked offers in turn, at an
/// account of the offer's provider (<see cref="BuyingAccounts.At"/>, the turn's accounts only): know the account the API
/// key belongs to (<see cref="Identities"/>), reconcile its unknown buys first, re-check the price there, commit the
/// intent with its budget, mark it Sent, send the request exactly once, then record what happened. An offer an account
/// may not buy (its open orders, its balance, a buy of its own in flight) is tried at the provider's next account,
/// then the next offer. Buys in this process take turns; across processes the intent transaction allows one in flight
/// at a time per account, and one per rule across accounts.
/// </summary>
public sealed class Buyer(BuyingAccounts accounts, IOptionsMonitor<AutoBuyOptions> options) : IDisposable
{
    /// <summary>How many of the ranked matches a 503 "no numbers", or an account that may not buy them, may move on to.</summary>
    private const int MaxAlternatives = 3;
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<BuyResult> TryBuyAsync(RuleOptions rule, IReadOnlyList<Candidate> ranked, BuyTurn turn, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            var global = options.CurrentValue;
            if (rule.Action == RuleAction.Notify)
                return new BuyResult(BuyOutcome.Skipped, "alert-only (Action Notify): it never buys");
            if (global.Mode == AutoBuyMode.Off)
                return new BuyResult(BuyOutcome.Skipped, "AutoBuy:Mode is Off");
            var last = new BuyResult(BuyOutcome.Skipped, "no match");
            foreach (var candidate in ranked.Take(MaxAlternatives))
            {
                last = await TryOfferAsync(rule, global, candidate, turn, ct);
                if (last is not ({ Outcome: BuyOutcome.Failed, Kind: ApiErrorKind.NoNumbers } or { Outcome: BuyOutcome.Skipped }))
                    return last;
            }
            return last;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>One offer, at each account of its provider in turn until one buys it or says why not.</summary>
    private async Task<BuyResult> TryOfferAsync(RuleOptions rule, AutoBuyOptions global, Candidate candidate, BuyTurn turn, CancellationToken ct)
    {
        var there = accounts.At(candidate.Provider, global.Mode, turn.Accounts);
        if (there.Count == 0)
            return new BuyResult(BuyOutcome.Skipped, BuyingAccounts.NoneCanBuy(candidate.Provider));
        var last = new BuyResult(BuyOutcome.Skipped, "no account");
        try
        {
            var fresh = await RecheckAsync(there[0].Connection.Client, candidate, ct);
            var why = fresh is null ? "no longer offered" : RuleEvaluator.Rejects(rule, fresh);
            if (why is not null)
                return new BuyResult(BuyOutcome.Skipped, $"re-check of {RuleEvaluator.Describe(candidate)}: {why}");
            foreach (var buyer in there)
            {
                last = await BuyAtAsync(buyer, rule, global, fresh!, turn.Term, ct);
                if (last.Outcome != BuyOutcome.Skipped)
                    return last;
            }
        }
        catch (SmsBuyzApiException ex)
        {
            // Only reads get here (the sender settles every failure of the buy itself): without a fresh price, no buy.
            return new BuyResult(BuyOutcome.Skipped, $"could not read {ex.Endpoint} before buying ({ex.Kind})", Kind: ex.Kind);
        }
        return last;
    }

    private static async Task<BuyResult> BuyAtAsync(BuyingAccount buyer, RuleOptions rule, AutoBuyOptions global, Candidate offer, BuyerTerm? term,
        CancellationToken ct)
    {
        var live = global.Mode == AutoBuyMode.Live;
        var identities = buyer.Connection.Identities;
        // A live buy reads the account first when no profile read has named it yet (the buy command's own process).
        var account = live ? await identities.AccountAsync(ct) : identities.Account;
        if (live && await buyer.Reconciler.ReconcileAsync(account, ct) > 0)
            return new BuyResult(BuyOutcome.Skipped, $"an earlier buy's outcome is still unknown at {account}");
        var balance = live && global.MinBalance > 0 ? (await buyer.Connection.Client.GetProfileAsync(ct)).Balance : (decimal?)null;
        return await buyer.Sender.BuyAsync(account, rule, global, offer, balance, term, ct);
    }

    /// <summary>
    /// The offer as the API quotes it now (the latest sweep may be minutes old); null when gone. The buy then names
    /// the operator and product as this answer spells them, whatever the rule or the stored history wrote.
    /// </summary>
    private static async Task<Candidate?> RecheckAsync(SmsBuyzClient client, Candidate c, CancellationToken ct)
    {
        var country = OfferNames.CountryKey(c.Country);
        var prices = await client.GetPricesAsync(OfferNames.ProductKey(c.Product), country, ct);
        return prices.Offers.Where(o => OfferNames.SameOperator(o.Operator, c.Operator) && OfferNames.SameCountry(o.Country, country)
                && OfferNames.SameProduct(o.Product, c.Product))
            .Select(o => c with { Country = country, Operator = o.Operator, Product = o.Product, Price = o.Cost, Qty = o.Count }).FirstOrDefault();
    }

    public void Dispose() => _turn.Dispose();
}
