using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;

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
/// The one path every buy takes (rules and the manual <c>buy</c> command): reconcile first, re-check the price,
/// commit the intent with its budget, mark it Sent, send the request exactly once, then record what happened.
/// Buys in this process take turns; across processes the intent transaction allows one in flight at a time.
/// </summary>
public sealed class Buyer(SmsBuyzClient client, Reconciler reconciler, BuySender sender, IOptionsMonitor<AutoBuyOptions> options)
    : IDisposable
{
    /// <summary>How many of the ranked matches a 503 "no numbers" may move on to.</summary>
    private const int MaxAlternatives = 3;
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <param name="term">The worker's buyer term, which fences the reservation and the send; null for the user's own
    /// <c>buy</c> command, which is not fenced.</param>
    public async Task<BuyResult> TryBuyAsync(RuleOptions rule, IReadOnlyList<Candidate> ranked, BuyerTerm? term, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            var global = options.CurrentValue;
            if (rule.Action == RuleAction.Notify)
                return new BuyResult(BuyOutcome.Skipped, "alert-only (Action Notify): it never buys");
            if (global.Mode == AutoBuyMode.Off)
                return new BuyResult(BuyOutcome.Skipped, "AutoBuy:Mode is Off");
            if (global.Mode == AutoBuyMode.Live && !client.HasApiKey)
                return new BuyResult(BuyOutcome.Skipped, "live buying needs SmsBuyz:ApiKey");
            if (global.Mode == AutoBuyMode.Live && await reconciler.ReconcileAsync(ct) > 0)
                return new BuyResult(BuyOutcome.Skipped, "an earlier buy's outcome is still unknown");
            var last = new BuyResult(BuyOutcome.Skipped, "no match");
            try
            {
                var balance = global.Mode == AutoBuyMode.Live && global.MinBalance > 0 ? (await client.GetProfileAsync(ct)).Balance : (decimal?)null;
                foreach (var candidate in ranked.Take(MaxAlternatives))
                {
                    var fresh = await RecheckAsync(candidate, ct);
                    var why = fresh is null ? "no longer offered" : RuleEvaluator.Rejects(rule, fresh);
                    if (why is not null)
                    {
                        last = new BuyResult(BuyOutcome.Skipped, $"re-check of {RuleEvaluator.Describe(candidate)}: {why}");
                        continue;
                    }
                    last = await sender.BuyAsync(rule, global, fresh!, balance, term, ct);
                    if (last is not { Outcome: BuyOutcome.Failed, Kind: ApiErrorKind.NoNumbers })
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
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// The offer as the API quotes it now (the latest sweep may be minutes old); null when gone. The buy then names
    /// the operator and product as this answer spells them, whatever the rule or the stored history wrote.
    /// </summary>
    private async Task<Candidate?> RecheckAsync(Candidate c, CancellationToken ct)
    {
        var country = OfferNames.CountryKey(c.Country);
        var prices = await client.GetPricesAsync(OfferNames.ProductKey(c.Product), country, ct);
        return prices.Offers.Where(o => OfferNames.SameOperator(o.Operator, c.Operator) && OfferNames.SameCountry(o.Country, country)
                && OfferNames.SameProduct(o.Product, c.Product))
            .Select(o => c with { Country = country, Operator = o.Operator, Product = o.Product, Price = o.Cost, Qty = o.Count }).FirstOrDefault();
    }

    public void Dispose() => _turn.Dispose();
}
