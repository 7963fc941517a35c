using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reliability;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>
/// What a new user meets in the first hour, each command run as the README writes it: the app as a child process in a
/// folder with the shipped appsettings.json, its real stdout and stderr; help through the real command line.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class FirstHourTests : IDisposable
{
    private readonly TempFolder folder = new();

    public FirstHourTests() => File.Copy(Path.Combine(AppProcess.RepositoryRoot, "appsettings.json"), Path.Combine(folder.Path, "appsettings.json"));

    [Fact]
    public async Task Snapshot_AgainstTheSandbox_PrintsItsSummaryOnceOnStdoutAndNotAgainInTheLog()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), port: 0);
        var env = SandboxMarket.Environment(sandbox);
        env["SmsBuyz__ApiKey"] = sandbox.Options.ApiKey;

        var (code, stdout, stderr) = await AppProcess.RunAsync(folder.Path, env, "snapshot");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Matches(@"^snapshot #1: \d+ requests, \d+ points, \d+ changes, 0 errors in ", stdout);
        Assert.Single(Regex.Matches(stdout + stderr, "snapshot #1"));
    }

    [Fact]
    public async Task Run_Offline_TheHintNamesDemoAndItsSandbox()
    {
        var env = new Dictionary<string, string>
        {
            ["DOTNET_NOLOGO"] = "1",
            // A name that never resolves (RFC 2606), as smsbuyz.com does not on a machine without internet.
            ["SmsBuyz__BaseUrl"] = "https://smsbuyz.invalid/v1",
            ["SmsBuyz__RetryDelaySeconds"] = "0.01",
            ["Dashboard__Url"] = "http://127.0.0.1:0/hangfire", // the shipped port may be taken on a shared machine
        };
        using var app = AppProcess.Start(folder.Path, env, "run");
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(app.HasExited || app.Stderr.Contains(" failing: ", StringComparison.Ordinal)),
            "the start sweep to fail", seconds: 120);
        app.Kill();

        var warning = app.Stderr.Split('\n').First(l => l.Contains(" failing: ", StringComparison.Ordinal));
        Assert.Contains("cannot resolve smsbuyz.invalid — check DNS/connectivity; without internet, `demo` runs the worker against the built-in sandbox API",
            warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_NamesTheToolAsItIsTypedAndSaysWhatConfigAndDemoDo()
    {
        using var cli = new CliHarness();

        var root = await cli.RunAsync("--help");
        var demo = await cli.RunAsync("demo", "--help");
        var backtest = await cli.RunAsync("rules", "backtest", "--help");

        Assert.Contains("Usage:\n  smsbuyz-analytics [command] [options]", root.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("SmsBuyz.Analytics [", root.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"--config <config>\s+A JSON settings file layered over the defaults \(\./appsettings\.json and", root.Stdout);
        Assert.DoesNotContain("instead of", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("smsbuyz-analytics demo [options]", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Run the worker for a minute (--minutes)", demo.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"--minutes <minutes>\s+How long to run .*\[default: 1\]", demo.Stdout);
        Assert.DoesNotContain("a few minutes", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Without --from and --to: the last 30 days.", backtest.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
