using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>demo</c>: the worker against the in-process sandbox for a minute (<c>--minutes</c>), then what it collected.</summary>
public static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to run (fractions allowed, e.g. 0.25)", DefaultValueFactory = _ => 1 };
        var every = new Option<double>("--every") { Description = "Seconds between triggered sweeps", DefaultValueFactory = _ => 10 };
        var acceleration = new Option<double>("--acceleration") { Description = "How many times faster the simulated market moves and orders play out", DefaultValueFactory = _ => 60 };
        var database = new Option<string>("--database") { Description = "SQLite file for the demo's data", DefaultValueFactory = _ => Path.Combine("data", "demo.db") };
        var reports = new Option<string>("--reports") { Description = "Folder for the demo's report (CSV tables, charts, index.html)", DefaultValueFactory = _ => Path.Combine("reports", "demo") };
        var dashboard = new Option<string>("--dashboard") { Description = "Where to serve the dashboard, with the page at /, /metrics and /healthz beside it (port 0: a free port, printed at start)", DefaultValueFactory = _ => "http://127.0.0.1:0/hangfire" };
        var command = new Command("demo",
            "Run the worker for a minute (--minutes) against the built-in simulated API (no internet or account needed), then print what it collected.")
        {
            minutes, every, acceleration, database, reports, dashboard,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (span, interval, speed) = (parse.GetValue(minutes), parse.GetValue(every), parse.GetValue(acceleration));
            if (span is <= 0 or > 24 * 60 || interval is < 1 or > 3600 || speed is <= 0 or > 10_000)
            {
                await stderr.WriteLineAsync("error: --minutes must be in (0, 1440], --every in [1, 3600] seconds, --acceleration in (0, 10000]");
                return ExitCodes.BadConfiguration;
            }
            // Two providers of the API family, so the report compares them: the SmsBuyz sandbox (where the rules buy)
            // and one speaking 5sim's dialect, with its own prices and stock from the same seed.
            var sandboxOptions = Accelerated(speed, SandboxDialect.SmsBuyz);
            var fiveSimOptions = Accelerated(speed, SandboxDialect.FiveSim);
            await using var sandbox = await SandboxServer.StartAsync(sandboxOptions, port: 0, cancellationToken: ct);
            await using var fiveSim = await SandboxServer.StartAsync(fiveSimOptions, port: 0, cancellationToken: ct);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"demo: sandbox on {sandbox.BaseUrl} ({speed}x faster market) and a 5sim-style one on {fiveSim.BaseUrl}; worker for {span} min, sweeps every {interval} s, auto-buy live on the sandbox's play money"));
            var overrides = new Dictionary<string, string?>
            {
                ["SmsBuyz:Name"] = SmsBuyzOptions.DefaultName,
                ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
                ["SmsBuyz:ApiKey"] = sandboxOptions.ApiKey,
                ["SmsBuyz:Identity"] = DemoIdentity(SmsBuyzOptions.DefaultName),
                // The demo's providers instead of any the user's settings list: their real keys stay out of the demo.
                [ProvidersOptions.Section] = "",
                ["Providers:0:Name"] = DemoFiveSim,
                ["Providers:0:BaseUrl"] = fiveSim.BaseUrl.ToString(),
                ["Providers:0:ApiKey"] = fiveSimOptions.ApiKey,
                ["Providers:0:Identity"] = DemoIdentity(DemoFiveSim),
                ["Storage:Database"] = parse.GetValue(database),
                ["Hangfire:Storage"] = nameof(JobStorageKind.InMemory),
                ["Dashboard:Enabled"] = "true",
                ["Dashboard:Url"] = parse.GetValue(dashboard),
                ["Worker:ReportsDirectory"] = parse.GetValue(reports),
            };
            foreach (var (key, value) in DemoAutoBuy)
                overrides[key] = value;
            var driver = new DemoDriver(TimeSpan.FromMinutes(span), TimeSpan.FromSeconds(interval), TimeProvider.System);
            var started = TimeProvider.System.GetUtcNow();
            return await CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
            {
                await WorkerRunner.RunAsync(services, token, async (running, stop) =>
                {
                    // One line: page, dashboard, health and metrics (an empty list while the dashboard is off).
                    if (running.GetRequiredService<DashboardServer>().Addresses is { Count: > 0 } served)
                        await stdout.WriteLineAsync(string.Join("  ", served.Select(a => $"{a.Name}: {a.Url}")));
                    await driver.RunAsync(running, stop);
                });
                using (var scope = services.CreateScope())
                    await scope.ServiceProvider.GetRequiredService<ReportsRunner>().RunAsync(
                        scope.ServiceProvider.GetRequiredService<IOptions<WorkerOptions>>().Value.ReportsDirectory,
                        scope.ServiceProvider.GetRequiredService<IOptions<ScheduleOptions>>().Value.TimeZone, CancellationToken.None);
                var tally = await CollectedTally.ReadAsync(services.GetRequiredService<Database>(),
                    services.GetRequiredService<MarketReadModel>(), started, CancellationToken.None);
                await stdout.WriteLineAsync($"collected: {tally}");
                await stdout.WriteLineAsync($"database:  {services.GetRequiredService<Database>().Describe}");
                await stdout.WriteLineAsync($"report:    {Path.Combine(Path.GetFullPath(parse.GetValue(reports)!), "index.html")} (charts, CSV tables)");
                return ExitCodes.Ok;
            }, ct, overrides);
        });
        return command;
    }

    /// <summary>
    /// Everything that takes time in the market (price moves, SMS delays, order expiry) happens <paramref name="speed"/>
    /// times sooner, while the sandbox's clock and timestamps stay real UTC: the worker, the reports and the sandbox
    /// then agree on what "now" is, and orders are not stamped hours in the future.
    /// </summary>
    private static SandboxOptions Accelerated(double speed, SandboxDialect dialect)
    {
        var normal = new SandboxOptions();
        return new SandboxOptions
        {
            Dialect = dialect,
            MarketTick = normal.MarketTick / speed,
            SmsDelayMin = normal.SmsDelayMin / speed,
            SmsDelayMax = normal.SmsDelayMax / speed,
            OrderLifetime = normal.OrderLifetime / speed,
        };
    }

    /// <summary>The name of the demo's second provider, the 5sim-style sandbox.</summary>
    public const string DemoFiveSim = "5sim";

    /// <summary>
    /// What the history knows a demo sandbox by (its <c>Identity</c>): the sandboxes listen on new ports every run, and a
    /// provider is otherwise its base URL, so each run in one folder added two more providers of the same names.
    /// </summary>
    public static string DemoIdentity(string provider) => $"demo-sandbox:{provider}";

    /// <summary>
    /// Live auto-buy on the sandbox's play money, so the report has orders, codes, refunds and success rates to
    /// show. Indices far past a user's own rules keep these from overwriting them. The daily caps leave room for a few
    /// demos in one folder on one day (a rule's caps count its orders of the day, whichever run made them; one minute
    /// buys about a dozen at the 5 s cooldowns).
    /// </summary>
    private static readonly Dictionary<string, string?> DemoAutoBuy = new()
    {
        ["Schedules:SweepOnStart"] = "false", // the demo driver triggers the sweeps itself
        ["AutoBuy:Mode"] = "Live",
        ["AutoBuy:DailyBudget"] = "20",
        ["Rules:900:Name"] = "demo-telegram",
        ["Rules:900:Product"] = "telegram",
        ["Rules:900:Countries:0"] = "*",
        ["Rules:900:MaxPrice"] = "2.0",
        ["Rules:900:MaxOrdersPerDay"] = "40",
        ["Rules:900:Cooldown"] = "00:00:05",
        ["Rules:900:Enabled"] = "true",
        ["Rules:901:Name"] = "demo-whatsapp",
        ["Rules:901:Product"] = "whatsapp",
        ["Rules:901:Countries:0"] = "*",
        ["Rules:901:MaxPrice"] = "1.5",
        ["Rules:901:MaxOrdersPerDay"] = "30",
        ["Rules:901:Cooldown"] = "00:00:05",
        ["Rules:901:Enabled"] = "true",
    };
}
