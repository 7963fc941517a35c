using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>rules check</c> and <c>rules backtest</c>.</summary>
public static class RulesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("rules", "Check the Rules section against the stored market, or replay stored history through it.");
        var check = new Command("check",
            "Validate the rules (exit 2 naming the bad key) and say for each whether it would fire now on the stored market, and why not. Buys nothing.");
        check.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => CheckAsync(services, stdout, token), ct));
        command.Subcommands.Add(check);
        command.Subcommands.Add(BacktestCommand.Create(stdout, stderr));
        return command;
    }

    private static async Task<int> CheckAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        var rules = services.GetRequiredService<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
        var global = services.GetRequiredService<IOptionsMonitor<AutoBuyOptions>>().CurrentValue;
        var market = services.GetRequiredService<MarketReader>();
        var decider = services.GetRequiredService<RuleDecider>();
        var killSwitch = services.GetRequiredService<KillSwitch>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var monitor = services.GetRequiredService<IOptions<MonitorOptions>>().Value;
        var stored = await market.ProductsAsync(ct);
        await stdout.WriteLineAsync($"AutoBuy:Mode {global.Mode}; {rules.Count} rule(s) valid" + (killSwitch.IsOn ? $"; kill switch ON ({killSwitch.Path})" : ""));
        foreach (var (rule, index) in rules.Select((r, i) => (r, i)))
        {
            var hint = ProductHint.For($"Rules:{index}", rule, monitor, stored);
            // Every offer with the user's delivery record, whether or not the rule ranks by it: the check shows it.
            var offers = await market.WithDeliveryAsync(await market.CandidatesAsync(rule, now, ct), ct);
            if (rule.Action == RuleAction.Notify)
            {
                await stdout.WriteLineAsync(await AlertCheck.DescribeAsync(rule, offers, services.GetRequiredService<AlertStore>(), market, now, ct));
                if (hint is not null)
                    await stdout.WriteLineAsync($"    {hint}");
                continue;
            }
            // The worker's own decision on these offers (limits, cooldown, kill switch), so the check cannot drift from it.
            var decision = await decider.DecideAsync(rule, offers, among: null, ct);
            await stdout.WriteLineAsync(decision.Fires
                ? $"  {rule.Name}: would fire: {RuleEvaluator.Describe(decision.Pick!)} ({decision.Matches.Count} matching offer(s))"
                : $"  {rule.Name}: would not fire: {decision.WhyNot}");
            if (hint is not null)
                await stdout.WriteLineAsync($"    {hint}");
            foreach (var line in RankingLines.Of(rule, decision.Ranking, 10, "    "))
                await stdout.WriteLineAsync(line);
        }
        return ExitCodes.Ok;
    }
}
