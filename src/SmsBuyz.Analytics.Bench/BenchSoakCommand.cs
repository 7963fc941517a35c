using System.CommandLine;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// <c>bench soak</c>: the worker (<c>run</c>) as its own process for a long time against a large sandbox market served by
/// another process, its memory sampled all along: whether a worker meant to run for months levels off.
/// </summary>
public static class BenchSoakCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var minutes = new Option<double>("--minutes") { Description = "How long the worker runs", DefaultValueFactory = _ => 60 };
        var settle = new Option<double>("--settle-minutes") { Description = "Memory at this minute is the baseline the rest is held to", DefaultValueFactory = _ => 10 };
        var countries = new Option<int>("--countries") { Description = "Countries in the sandbox market (every one monitored)", DefaultValueFactory = _ => 20 };
        var products = new Option<int>("--products") { Description = "Products in every country (every one monitored)", DefaultValueFactory = _ => 1000 };
        var faults = new Option<double>("--faults") { Description = "Share of the sandbox's answers that are faults", DefaultValueFactory = _ => 0.2 };
        var every = new Option<int>("--sample-seconds") { Description = "Seconds between memory samples", DefaultValueFactory = _ => 20 };
        var folder = new Option<string>("--folder") { Description = "Where the worker's database, reports and logs go (recreated)", DefaultValueFactory = _ => "data/bench-soak" };
        var command = new Command("soak",
            "Run the worker as its own process against a large sandbox market (products and prices every minute, account every 2, reports every 5, " +
            "maintenance every 3 minutes) and sample its memory; print the curve and whether it levels off (at most +10 % over its baseline).")
        {
            minutes, settle, countries, products, faults, every, folder,
        };
        command.SetAction(async (parse, ct) =>
        {
            var plan = new SoakPlan(TimeSpan.FromMinutes(parse.GetValue(minutes)), TimeSpan.FromMinutes(parse.GetValue(settle)), parse.GetValue(countries),
                parse.GetValue(products), parse.GetValue(faults), TimeSpan.FromSeconds(parse.GetValue(every)), Path.GetFullPath(parse.GetValue(folder)!));
            if (plan is not { Countries: >= 1 and <= 200, Products: >= 1, Faults: >= 0 and < 1 } || plan.Sample < TimeSpan.FromSeconds(1)
                || plan.Settle <= TimeSpan.Zero || plan.Settle >= plan.Duration)
            {
                await stderr.WriteLineAsync("error: --countries 1-200, --products at least 1, --faults 0 to below 1, --sample-seconds at least 1, " +
                    "and --settle-minutes above 0 and below --minutes");
                return ExitCodes.BadConfiguration;
            }
            return await MemorySoak.RunAsync(plan, stdout, ct);
        });
        return command;
    }
}
