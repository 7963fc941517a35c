using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>rules backtest [--from] [--to]</c>: what each rule would have bought from stored history (the last 30 days by default, as <c>report</c>).</summary>
public static class BacktestCommand
{
    public const int DefaultDays = 30;

    private static readonly Option<string?> From = new("--from") { Description = $"Start (UTC), e.g. 2026-01-01 (default: {DefaultDays} days before --to)" };
    private static readonly Option<string?> To = new("--to") { Description = "End (UTC, exclusive), e.g. 2026-01-08 (default: now)" };
    private static readonly Option<bool> ListBuys = new("--buys") { Description = "List every simulated buy" };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("backtest",
            $"Replay stored history through the rules, honouring every limit: what each would have bought, spent, and saved versus buying at the period median. Without --from and --to: the last {DefaultDays} days.")
            { From, To, ListBuys };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var to = GlobalOptions.ParseTime(parse.GetValue(To), "--to") ?? services.GetRequiredService<TimeProvider>().GetUtcNow();
            var from = GlobalOptions.ParseTime(parse.GetValue(From), "--from") ?? to.AddDays(-DefaultDays);
            if (to <= from)
                throw new ConfigurationException("--to must be after --from");
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"backtest: {from:u} to {to:u} (UTC)"));
            var rules = services.GetRequiredService<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
            var global = services.GetRequiredService<IOptionsMonitor<AutoBuyOptions>>().CurrentValue;
            var results = await services.GetRequiredService<Backtester>().RunAsync(rules, global, from, to, token);
            await stdout.WriteLineAsync("rule\tbuys\tspent\tsaved vs period median");
            foreach (var (r, rule) in results.Zip(rules))
            {
                if (r.Alerts is { } alerts)
                {
                    // A Notify rule buys nothing: its line counts the alerts it would have sent, once per crossing.
                    await stdout.WriteLineAsync($"{r.Rule}\talert-only: {alerts.Count} alert(s)");
                    if (parse.GetValue(ListBuys))
                        foreach (var a in alerts)
                            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {a.At:u}\t{AlertWatcher.Message(rule, a.Alert)}"));
                    continue;
                }
                await stdout.WriteLineAsync($"{r.Rule}\t{r.Buys.Count}\t{Money.Format(r.Spent)}\t{Money.Format(r.Saved)}");
                if (!parse.GetValue(ListBuys))
                    continue;
                foreach (var b in r.Buys)
                {
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {b.At:u}\t{RuleEvaluator.Describe(b.Offer)}\tmedian {Money.Format(b.PeriodMedian)}"));
                    // With delivery ranking, why this offer and not a cheaper one matters: the ranking at that moment.
                    if (DeliveryRank.Uses(rule))
                        foreach (var line in RankingLines.Of(rule, b.Ranking, 5, "      "))
                            await stdout.WriteLineAsync(line);
                }
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
