using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Jobs;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Worker;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>demo</c>: the worker against the in-process sandbox for a few minutes, then what it collected.</summary>
public static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var minutes = new Option<double>("--minutes") { Description = "How long to run (fractions allowed, e.g. 0.25)", DefaultValueFactory = _ => 1 };
        var every = new Option<double>("--every") { Description = "Seconds between triggered sweeps", DefaultValueFactory = _ => 10 };
        var acceleration = new Option<double>("--acceleration") { Description = "Sandbox seconds per real second", DefaultValueFactory = _ => 60 };
        var database = new Option<string>("--database") { Description = "SQLite file for the demo's data", DefaultValueFactory = _ => Path.Combine("data", "demo.db") };
        var reports = new Option<string>("--reports") { Description = "Folder for the demo's report (CSV tables, charts, index.html)", DefaultValueFactory = _ => Path.Combine("reports", "demo") };
        var command = new Command("demo",
            "Run the worker for a few minutes against the built-in simulated API (no internet or account needed), then print what it collected.")
        {
            minutes, every, acceleration, database, reports,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (span, interval, speed) = (parse.GetValue(minutes), parse.GetValue(every), parse.GetValue(acceleration));
            if (span is <= 0 or > 24 * 60 || interval is < 1 or > 3600 || speed is <= 0 or > 10_000)
            {
                await stderr.WriteLineAsync("error: --minutes must be in (0, 1440], --every in [1, 3600] seconds, --acceleration in (0, 10000]");
                return ExitCodes.BadConfiguration;
            }
            var sandboxOptions = new SandboxOptions { TimeAcceleration = speed };
            await using var sandbox = await SandboxServer.StartAsync(sandboxOptions, port: 0, cancellationToken: ct);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"demo: sandbox on {sandbox.BaseUrl} ({speed}x time); worker for {span} min, sweeps every {interval} s"));
            var overrides = new Dictionary<string, string?>
            {
                ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
                ["SmsBuyz:ApiKey"] = sandboxOptions.ApiKey,
                ["Storage:Database"] = parse.GetValue(database),
                ["Hangfire:Storage"] = nameof(JobStorageKind.InMemory),
                ["Dashboard:Enabled"] = "false",
                ["Worker:ReportsDirectory"] = parse.GetValue(reports),
            };
            var driver = new DemoDriver(TimeSpan.FromMinutes(span), TimeSpan.FromSeconds(interval), TimeProvider.System);
            return await CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stdout, stderr, async (services, token) =>
            {
                await WorkerRunner.RunAsync(services, token, driver.RunAsync);
                using (var scope = services.CreateScope())
                    await scope.ServiceProvider.GetRequiredService<IReportJob>().RunAsync(CancellationToken.None);
                var tally = await CollectedTally.ReadAsync(services.GetRequiredService<SqliteConnectionFactory>(), CancellationToken.None);
                await stdout.WriteLineAsync($"collected: {tally}");
                await stdout.WriteLineAsync($"database:  {services.GetRequiredService<SqliteConnectionFactory>().DatabasePath}");
                await stdout.WriteLineAsync($"report:    {Path.Combine(Path.GetFullPath(parse.GetValue(reports)!), "index.html")} (charts, CSV tables)");
                return ExitCodes.Ok;
            }, ct, overrides);
        });
        return command;
    }
}
