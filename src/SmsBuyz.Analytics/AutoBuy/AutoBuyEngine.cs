using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One step of the auto-buy loop: at the first step, settle what a previous process left open; then reconcile
/// unknown buys, evaluate every rule when a sweep stored new prices (buy rules unless AutoBuy:Mode is Off, Notify rules
/// always, through the <see cref="AlertWatcher"/>), poll the rules' watches that are due, let rules
/// whose unknown buy was just proved absent try again, and poll open orders. The hosted <see cref="AutoBuyService"/>
/// steps it every second; tests step it directly.
/// </summary>
public sealed partial class AutoBuyEngine(
    IOptionsMonitor<RulesOptions> rules, IOptionsMonitor<AutoBuyOptions> options, MarketReader market, IntentStore intents,
    Buyer buyer, Reconciler reconciler, OrderTracker tracker, KillSwitch killSwitch, Notifier notifier,
    WatchPoller watch, AlertWatcher alerts, TimeProvider time, ILogger<AutoBuyEngine> logger)
{
    private IReadOnlyList<RuleOptions> _rules = [];
    private string? _refused;
    private readonly Dictionary<string, DateTimeOffset> _nextWatch = new(StringComparer.OrdinalIgnoreCase);
    private bool _started;
    private BuyerTerm? _term;
    private bool? _killSwitchWas;
    private long _marketVersion = -1;
    private long _alertVersion = -1;

    /// <summary>Rules trying again after a proved-absent buy, with how many steps they may still try.</summary>
    private readonly Dictionary<string, int> _retries = new(StringComparer.OrdinalIgnoreCase);
    private const int RetrySteps = 5;

    /// <summary>A step with no buyer term: SQLite's worker (nothing to fence there), and tests.</summary>
    public Task StepAsync(CancellationToken ct) => StepAsync(term: null, ct);

    /// <param name="term">The worker's buyer term on PostgreSQL: every reservation and send of this step is fenced by it.</param>
    public async Task StepAsync(BuyerTerm? term, CancellationToken ct)
    {
        _term = term;
        if (!_started)
        {
            await intents.FailNeverSentAsync(ct);
            await reconciler.RefreshOrdersAsync(ct);
            _started = true;
        }
        try
        {
            await reconciler.ReconcileAsync(ct);
            AnnounceKillSwitch();

            // Mode Off stops buy rules only: Notify rules never buy, so they alert in every mode.
            var buying = options.CurrentValue.Mode != AutoBuyMode.Off;
            var version = await market.MarketVersionAsync(ct);
            foreach (var rule in CurrentRules().Where(r => r.Action == RuleAction.Notify ? version != _alertVersion : buying && version != _marketVersion))
                await EvaluateAsync(rule, await market.CandidatesAsync(rule, time.GetUtcNow(), ct), ct);
            _alertVersion = version;
            if (buying)
                _marketVersion = version;
            await WatchAsync(buying, ct);
            if (buying)
                await RetryReleasedAsync(ct);
        }
        finally
        {
            // Open orders are followed whatever failed above (a locked database, a failed history read): finishing after
            // a code and cancelling before expiry for a refund must not wait for the rules to work again.
            if (!ct.IsCancellationRequested)
                await tracker.PollAsync(ct);
        }
    }

    /// <summary>The rule's decision on <paramref name="offers"/>, and the buy when it fires; null when it does not.</summary>
    private async Task<BuyResult?> EvaluateAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, CancellationToken ct)
    {
        if (rule.Action == RuleAction.Notify)
        {
            await alerts.CheckAsync(rule, offers, ct);
            return null;
        }
        var decision = await DecideAsync(rule, offers, ct);
        if (!decision.Fires)
            return null;
        var result = await buyer.TryBuyAsync(rule, decision.Matches, _term, ct);
        if (result.Outcome == BuyOutcome.Skipped)
            LogSkipped(rule.Name, result.Message);
        return result;
    }

    /// <summary>
    /// When this worker has just become the buyer: it starts over as a restarted process would, so the next step settles
    /// what the previous buyer left open (never-sent intents failed, orders read, unknown buys reconciled) before any
    /// buy, and evaluates every rule afresh.
    /// </summary>
    public void Reset()
    {
        _started = false;
        _marketVersion = -1;
        _alertVersion = -1;
        _nextWatch.Clear();
        _retries.Clear();
    }

    /// <summary>The rule's decision on <paramref name="offers"/> with its spend so far; buys nothing.</summary>
    public async Task<RuleDecision> DecideAsync(RuleOptions rule, IReadOnlyList<Candidate> offers, CancellationToken ct)
    {
        var global = options.CurrentValue;
        var usage = await intents.UsageAsync(rule.Name, global.Mode, ct);
        var account = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, ct);
        return RuleEvaluator.Evaluate(rule, global, offers, usage, account, time.GetUtcNow());
    }

    /// <summary>Rules with a <c>WatchInterval</c> poll guest/prices for their own product and countries only.</summary>
    private async Task WatchAsync(bool buying, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in CurrentRules().Where(r => r is { WatchInterval: not null, Enabled: true } && (buying || r.Action == RuleAction.Notify)))
        {
            if (_nextWatch.TryGetValue(rule.Name, out var due) && due > now)
                continue;
            _nextWatch[rule.Name] = now + rule.WatchInterval!.Value;
            IReadOnlyList<Candidate> offers;
            try
            {
                offers = [.. (await watch.PollAsync(rule, ct)).Where(c => rule.Covers(c.Country, c.Operator, c.Product))];
            }
            catch (SmsBuyzApiException)
            {
                continue; // the next watch tick asks again; a failed read never looks like a price
            }
            await EvaluateAsync(rule, await market.WithStatsAsync(rule, offers, now, ct), ct);
        }
    }

    /// <summary>
    /// A rule whose unknown buy was just proved absent bought nothing, so it tries again now on the stored market (the
    /// buyer re-checks the price) instead of waiting for the next sweep or watch tick: after a hiccup buying resumes
    /// within seconds. While the re-check read itself fails it tries again the next step, a few steps at most; and not
    /// at all after a streak of failed buys, so a provider that fails every buy is not asked every second.
    /// </summary>
    private async Task RetryReleasedAsync(CancellationToken ct)
    {
        foreach (var name in reconciler.TakeReleased())
            _retries[name] = RetrySteps;
        var streak = options.CurrentValue.PauseAfterFailures;
        foreach (var (name, left) in _retries.ToList())
        {
            _retries.Remove(name);
            if (CurrentRules().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is not { } rule
                || await intents.FailureStreakAsync(rule.Name, streak, ct) >= streak)
                continue;
            if (await EvaluateAsync(rule, await market.CandidatesAsync(rule, time.GetUtcNow(), ct), ct) is { ReadFailed: true } && left > 1)
                _retries[name] = left - 1;
        }
    }

    /// <summary>
    /// The rules in force. An edit of appsettings.json that fails validation is refused (logged once, naming the
    /// keys) and the last valid rules keep running; the first valid edit after it takes over.
    /// </summary>
    public IReadOnlyList<RuleOptions> CurrentRules()
    {
        try
        {
            _rules = rules.CurrentValue.Rules;
            _refused = null;
        }
        catch (OptionsValidationException ex)
        {
            var why = string.Join("; ", ex.Failures);
            if (why != _refused)
                LogRefused(why);
            _refused = why;
        }
        return _rules;
    }

    [LoggerMessage(LogLevel.Debug, "Rule {Rule} fired but bought nothing: {Reason}")]
    private partial void LogSkipped(string rule, string reason);

    [LoggerMessage(LogLevel.Error, "Edited rules refused, the previous rules stay in force: {Failures}")]
    private partial void LogRefused(string failures);

    private void AnnounceKillSwitch()
    {
        var on = killSwitch.IsOn;
        if (_killSwitchWas == on || (_killSwitchWas is null && !on))
        {
            _killSwitchWas = on;
            return;
        }
        _killSwitchWas = on;
        notifier.Publish(EventKinds.KillSwitch, on
            ? $"kill switch ON ({killSwitch.Path} exists): no new buys; open orders are still tracked"
            : $"kill switch OFF ({killSwitch.Path} removed): buying may resume");
    }
}
