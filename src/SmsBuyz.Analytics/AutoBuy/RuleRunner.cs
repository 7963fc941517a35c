using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Runs one rule on offers: a Notify rule alerts (<see cref="AlertWatcher"/>); a buy rule is judged
/// (<see cref="RuleDecider"/>) and, when it fires, buys through the one buy path (<see cref="Buyer"/>).
/// </summary>
public sealed partial class RuleRunner(
    RuleDecider decider, Buyer buyer, AlertWatcher alerts, MarketReader market, TimeProvider time, ILogger<RuleRunner> logger)
{
    /// <summary>The rule on the stored market as it is now.</summary>
    public async Task<BuyResult?> RunOnStoredAsync(RuleOptions rule, BuyTurn turn, CancellationToken ct) =>
        await RunAsync(rule, await market.CandidatesAsync(rule, time.GetUtcNow(), ct), turn, ct);

    /// <summary>What the buy came to when the rule fires; null when it does not fire, and for a Notify rule.</summary>
    /// <param name="turn">The buyer term that fences the reservation and the send (PostgreSQL), and the accounts that may buy.</param>
    public async Task<BuyResult?> RunAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, BuyTurn turn, CancellationToken ct)
    {
        if (rule.Action == RuleAction.Notify)
        {
            await alerts.CheckAsync(rule, offers, ct);
            return null;
        }
        var decision = await decider.DecideAsync(rule, offers, turn.Accounts, ct);
        if (!decision.Fires)
            return null;
        var result = await buyer.TryBuyAsync(rule, decision.Matches, turn, ct);
        if (result.Outcome == BuyOutcome.Skipped)
            LogSkipped(rule.Name, result.Message);
        return result;
    }

    [LoggerMessage(LogLevel.Debug, "Rule {Rule} fired but bought nothing: {Reason}")]
    private partial void LogSkipped(string rule, string reason);
}
