using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Rules with a <c>WatchInterval</c> poll guest/prices for their own product and countries only (<see cref="WatchPoller"/>)
/// and are evaluated on what the poll saw: buy rules while buying, Notify rules always. It keeps when each rule's
/// next poll is due.
/// </summary>
public sealed class WatchRound(RulesInForce rules, WatchPoller watch, MarketReader market, RuleRunner runner, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _nextWatch = new(StringComparer.OrdinalIgnoreCase);

    public async Task RunAsync(bool buying, BuyTurn turn, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in rules.Current().Where(r => r is { WatchInterval: not null, Enabled: true } && (buying || r.Action == RuleAction.Notify)))
        {
            if (_nextWatch.TryGetValue(rule.Name, out var due) && due > now)
                continue;
            _nextWatch[rule.Name] = now + rule.WatchInterval!.Value;
            if (await watch.PollAsync(rule, ct) is not { } polled)
                continue; // the next watch tick asks again; a failed read never looks like a price
            IReadOnlyList<Candidate> offers = [.. polled.Where(c => rule.Covers(c.Country, c.Operator, c.Product))];
            await runner.RunAsync(rule, await market.WithStatsAsync(rule, offers, now, ct), turn, ct);
        }
    }

    /// <summary>Every watch is due at the next step.</summary>
    public void Reset() => _nextWatch.Clear();
}
