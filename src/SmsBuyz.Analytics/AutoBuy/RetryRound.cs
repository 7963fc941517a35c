using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// A rule whose unknown buy was just proved absent bought nothing, so it tries again now on the stored market (the
/// buyer re-checks the price) instead of waiting for the next sweep or watch tick: after a hiccup buying resumes
/// within seconds. While the re-check read itself fails it tries again the next step, a few steps at most; and not
/// at all after a streak of failed buys, so a provider that fails every buy is not asked every second.
/// </summary>
public sealed class RetryRound(
    BuyingAccounts accounts, RulesInForce rules, IntentStore intents, IOptionsMonitor<AutoBuyOptions> options, RuleRunner runner)
{
    private const int RetrySteps = 5;

    /// <summary>Rules trying again after a proved-absent buy, with how many steps they may still try.</summary>
    private readonly Dictionary<string, int> _retries = new(StringComparer.OrdinalIgnoreCase);

    public async Task RunAsync(BuyTurn turn, CancellationToken ct)
    {
        foreach (var name in accounts.All.SelectMany(a => a.Reconciler.TakeReleased()))
            _retries[name] = RetrySteps;
        var streak = options.CurrentValue.PauseAfterFailures;
        foreach (var (name, left) in _retries.ToList())
        {
            _retries.Remove(name);
            if (rules.Find(name) is not { } rule || await intents.FailureStreakAsync(rule.Name, streak, ct) >= streak)
                continue;
            if (await runner.RunOnStoredAsync(rule, turn, ct) is { ReadFailed: true } && left > 1)
                _retries[name] = left - 1;
        }
    }

    public void Reset() => _retries.Clear();
}
