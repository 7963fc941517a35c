using System.Text;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// The API key from .NET user secrets (a HOME of the test's own) reaches the API, and nothing else, even when the
/// server quotes it back in its error bodies: not the logs at Trace, not the errors of a faulty sweep, not the database
/// or its WAL, not the CSV exports or the report, not --help, not the dashboard's pages or Hangfire's database, not any
/// file in any folder the app wrote.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private const string ApiKey = "sk-SECRET-LEAK-4b9e1f0a77c3";
    private const string UserSecretsId = "smsbuyz-analytics-8f3c1d2e";

    [Fact]
    public async Task AllOutputs_KeyFromUserSecrets_KeyIsUsedAndAppearsNowhere()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { ApiKey = ApiKey, Countries = 5, Products = 20 }, port: 0, time);
        var dir = Directory.CreateTempSubdirectory("smsbuyz-secret-").FullName;
        var home = Path.Combine(dir, "home");
        var secrets = Path.Combine(home, ".microsoft", "usersecrets", UserSecretsId);
        Directory.CreateDirectory(secrets);
        File.WriteAllText(Path.Combine(secrets, "secrets.json"), $$"""{"SmsBuyz:ApiKey": "{{ApiKey}}"}""");
        var work = Path.Combine(dir, "work");
        Directory.CreateDirectory(work);
        var config = Path.Combine(work, "settings.json");
        File.WriteAllText(config, SandboxMarket.SettingsJson(sandbox, Path.Combine(work, "app.db"), Path.Combine(work, "hangfire.db")));
        var env = SandboxMarket.Environment(sandbox);
        env["HOME"] = home;
        env["Logging__LogLevel__Default"] = "Trace";
        env["Logging__LogLevel__Microsoft"] = "Trace";
        env["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace";
        env["Logging__LogLevel__Polly"] = "Trace";
        env["SmsBuyz__MaxReadRetries"] = "1";
        var outputs = new StringBuilder();

        // Every failure kind except a wait on the sandbox's frozen clock; then a server that quotes the key back in the
        // error body of every account request; then a clean sweep.
        sandbox.Options.Faults.Kinds = FaultKinds.All & ~FaultKinds.Latency;
        sandbox.Options.Faults.Probability = 0.5;
        foreach (var args in new[] { new[] { "snapshot" }, ["snapshot"] })
            outputs.Append(await RunAsync(work, env, [.. args, "--config", config]));
        sandbox.Options.Faults.Kinds = FaultKinds.EchoAuthorization;
        sandbox.Options.Faults.PathContains = "/user/";
        sandbox.Options.Faults.Probability = 1;
        var echoed = await RunAsync(work, env, "snapshot", "--config", config);
        outputs.Append(echoed);
        sandbox.Options.Faults.Probability = 0;
        var clean = await AppProcess.RunAsync(work, env, "snapshot", "--config", config);
        outputs.Append(clean.Stdout).Append(clean.Stderr);
        foreach (var kind in new[] { "prices", "orders", "payments" })
            outputs.Append(await RunAsync(work, env, "export", kind, "--config", config, "--out", Path.Combine(work, kind + ".csv")));
        // Into reports/ under the working folder (Reports:OutputDirectory), over the sandbox's days.
        outputs.Append(await RunAsync(work, env, "report", "--config", config, "--from", "2026-01-14", "--to", "2026-01-16"));
        outputs.Append(await RunAsync(work, env, "--help")).Append(await RunAsync(work, env, "snapshot", "--help"));
        outputs.Append(await DashboardPagesAsync(work, env, config));

        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        Assert.True(Db.Count(Path.Combine(work, "app.db"), "profile_history WHERE balance > 0") >= 1, "the key from user secrets was not used");
        Assert.Contains("failed", outputs.ToString(), StringComparison.Ordinal); // the faulty sweeps did log failures
        // The key did come back: in the answers the sandbox sent, and the command read them: it printed the echo.
        Assert.Contains(sandbox.Options.Faults.Echoed, body => body.Contains(ApiKey, StringComparison.Ordinal));
        Assert.Contains("\"authorization\":\"Bearer ", echoed, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(work, "reports", "latest")), "the report was not written");
        // Everything under the test's folder, the HOME the app ran with included, but the secret store the key came from.
        var leaks = new KeyLeaks(ApiKey);
        leaks.Search("command output, dashboard pages and worker logs", outputs.ToString());
        leaks.SearchFiles(dir, Path.Combine(secrets, "secrets.json"));
        output.WriteLine($"{outputs.Length} chars of output and {leaks.Searched.Count - 1} files searched: {leaks}");
        Assert.True(leaks.Found.Count == 0, leaks.ToString());
        Assert.Contains("\"authorization\":\"Bearer ***\"", echoed, StringComparison.Ordinal); // redacted, not dropped
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The worker with its dashboard on a free loopback port, after its start-up sweeps: every page a user would open.</summary>
    private static async Task<string> DashboardPagesAsync(string work, Dictionary<string, string> env, string config)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dashboard = new Dictionary<string, string>(env) { ["Dashboard__Enabled"] = "true", ["Dashboard__Url"] = $"http://127.0.0.1:{port}/hangfire" };
        using var worker = AppProcess.Start(work, dashboard, "run", "--config", config);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/hangfire/") };
        var pages = new StringBuilder();
        // Until the start-up account sweep (the one sending the key) has succeeded, or 30 s.
        for (var tries = 0; tries < 60 && !worker.HasExited; tries++)
        {
            try
            {
                if (await http.GetStringAsync("jobs/succeeded") is { } succeeded && succeeded.Contains("AccountAsync", StringComparison.Ordinal))
                    break;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500);
        }
        foreach (var page in new[] { "", "recurring", "jobs/succeeded", "jobs/failed", "jobs/processing", "servers", "retries" })
            pages.Append(await http.GetStringAsync(page));
        Assert.Contains("recurring", pages.ToString(), StringComparison.OrdinalIgnoreCase);
        worker.Kill();
        return pages.Append(worker.Stdout).Append(worker.Stderr).ToString();
    }

    private static async Task<string> RunAsync(string work, Dictionary<string, string> env, params string[] args)
    {
        var (_, stdout, stderr) = await AppProcess.RunAsync(work, env, args);
        return stdout + stderr;
    }
}
