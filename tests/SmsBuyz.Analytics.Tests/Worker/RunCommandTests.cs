using System.Diagnostics;
using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Worker;

[Collection(HangfireTests.Name)]
public sealed partial class RunCommandTests
{
    [Theory]
    [InlineData("Products", "*/10 * * * * *", "Schedules:Products must be a 5-field cron")]
    [InlineData("Reports", "every hour", "Schedules:Reports must be a 5-field cron")]
    [InlineData("TimeZone", "Mars/Olympus", "Schedules:TimeZone must be an IANA time zone id")]
    public async Task Run_BadSchedule_Exits2NamingTheKey(string key, string value, string expected)
    {
        using var cli = new CliHarness(new { Schedules = new Dictionary<string, string> { [key] = value } });

        var result = await cli.RunAsync("run", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DatabasePath), "nothing may be written when the configuration is bad");
    }

    [Fact]
    public async Task Run_NoCommand_IsTheWorker_AndCtrlCStopsItWithExit0()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 10, Products = 20 });
        using var cli = new CliHarness();
        cli.WriteConfig(Settings(sandbox, cli));
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var run = CliApp.RunAsync(["--config", cli.ConfigPath], stdout, stderr, stop.Token);
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(File.Exists(cli.PathOf("hangfire.db.lock"))), "the worker to start");
        var second = await cli.RunAsync("run", "--config", cli.ConfigPath).WaitAsync(TimeSpan.FromSeconds(20));
        var stopwatch = Stopwatch.StartNew();
        await stop.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.True(stopwatch.Elapsed < WorkerHost.StopBound, $"stopping took {stopwatch.Elapsed}");
        Assert.Equal(ExitCodes.PartialFailure, second.ExitCode);
        Assert.Contains("another worker is already running on the Hangfire file", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_FewSeconds_EndsByItselfWithASummaryAndWritesOnlyItsOwnDatabase()
    {
        using var cli = new CliHarness();
        var demoDb = cli.PathOf("demo.db");

        var result = await cli.RunAsync("demo", "--config", cli.ConfigPath, "--minutes", "0.05", "--every", "1",
            "--database", demoDb, "--reports", cli.PathOf("reports")).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stderr);
        var points = long.Parse(PointsPattern().Match(result.Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(points > 0, result.Stdout);
        Assert.True(File.Exists(demoDb));
        Assert.False(File.Exists(cli.DatabasePath), "the demo must not touch the configured database");
        Assert.True(File.Exists(cli.PathOf(Path.Combine("reports", "prices.csv"))));
    }

    private static object Settings(SandboxServer sandbox, CliHarness cli) => new
    {
        SmsBuyz = new { BaseUrl = sandbox.BaseUrl.ToString(), ApiKey = sandbox.Options.ApiKey, RequestsPerSecond = 1000 },
        Storage = new { Database = cli.DatabasePath },
        Hangfire = new { Database = cli.PathOf("hangfire.db") },
        Dashboard = new { Enabled = false },
        Monitor = new { Countries = new[] { "ru", "us" }, Products = new[] { "telegram" } },
    };

    [GeneratedRegex(@"collected: \d+ sweeps, (\d+) points")]
    private static partial Regex PointsPattern();
}
