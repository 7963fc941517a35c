using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// The rules' part of a step, in order: on new stored prices (<see cref="MarketRound"/>), on their due watch polls
/// (<see cref="WatchRound"/>), and again for a rule whose unknown buy was just proved absent (<see cref="RetryRound"/>).
/// <c>AutoBuy:Mode</c> is read once per step: Off stops buy rules only, since Notify rules never buy.
/// </summary>
public sealed class RuleRounds(IOptionsMonitor<AutoBuyOptions> options, MarketRound market, WatchRound watch, RetryRound retry)
{
    public async Task RunAsync(BuyTurn turn, CancellationToken ct)
    {
        var buying = options.CurrentValue.Mode != AutoBuyMode.Off;
        await market.RunAsync(buying, turn, ct);
        await watch.RunAsync(buying, turn, ct);
        if (buying)
            await retry.RunAsync(turn, ct);
    }

    /// <summary>A new buyer term: every rule is evaluated afresh, every watch is due, no retry is left over.</summary>
    public void Reset()
    {
        market.Reset();
        watch.Reset();
        retry.Reset();
    }
}
