using System.Text.Json;
using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The app as an operator sees it with the API unreachable: a config file without a Logging section (the defaults
/// are in code), a real child process, its real stderr. What is wrong must fit in a few lines.
/// </summary>
[Collection(RealTime.Name)]
public sealed class QuietLogTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Snapshot_ApiUnreachable_OneWarningNamingTheCauseNoRetryChatterNoStackTraces()
    {
        var (code, stdout, stderr) = await AppProcess.RunAsync(folder.Path, Environment(), "snapshot", "--config", WriteConfig());

        Assert.Equal(1, code);
        var lines = Lines(stderr);
        var warning = Assert.Single(lines, l => l.Contains(" warn: ", StringComparison.Ordinal));
        // The default market: ten "any" aggregates and one full price list (a prices sweep's first plan).
        Assert.Contains("network: 11 of 11 requests failed, cannot connect to 127.0.0.1", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Execution attempt", StringComparison.Ordinal) || l.Contains("OnRetry", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
        Assert.True(lines.Count <= 4, stderr); // new database, the sweep, the warning, the no-key note
        Assert.Contains("11 errors", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ApiUnreachable_FirstSweepsAndWatchPollsInAHandfulOfLines()
    {
        // The default crons (*/5) would add a sweep pair of their own to the lines counted: start clear of their minute.
        var sinceBoundary = TimeSpan.FromTicks(DateTimeOffset.UtcNow.UtcTicks % TimeSpan.FromMinutes(5).Ticks);
        if (sinceBoundary > TimeSpan.FromMinutes(4))
            await Task.Delay(TimeSpan.FromMinutes(5) - sinceBoundary + TimeSpan.FromSeconds(2));
        using var app = AppProcess.Start(folder.Path, Environment(), "run", "--config", WriteConfig(watchRule: true));
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(
            app.HasExited || Lines(app.Stderr).Count(l => l.Contains(" failing: ", StringComparison.Ordinal)) == 2), "both start sweeps to fail", seconds: 120);
        // Two more watch polls of the rule (every 5 s, each retried 3 times): they used to log a warning per retry.
        await Task.Delay(TimeSpan.FromSeconds(11));
        app.Kill();

        var lines = Lines(app.Stderr);
        Assert.True(lines.Count <= 8, app.Stderr);
        Assert.Contains(lines, l => l.Contains("products #", StringComparison.Ordinal) && l.Contains("network: 10 of 10 requests failed, cannot connect to 127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("prices #", StringComparison.Ordinal) && l.Contains("network: 1 of 1 requests failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Jobs scheduled (UTC): products */5 * * * *, prices */5 * * * *", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_JsonFormatterFromConfiguration_EveryLogLineIsJson()
    {
        var env = Environment();
        env["Logging__Console__FormatterName"] = "json";

        var (_, _, stderr) = await AppProcess.RunAsync(folder.Path, env, "snapshot", "--config", WriteConfig());

        // "note:" lines are the command's own words to its user, not log entries.
        var lines = Lines(stderr).Where(l => !l.StartsWith("note:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
            Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("LogLevel", out _), line);
        Assert.Contains(lines, l => l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal) && l.Contains("cannot connect", StringComparison.Ordinal));
    }

    /// <summary>Settings as a user might write them: no Logging section at all.</summary>
    private string WriteConfig(bool watchRule = false)
    {
        var path = Path.Combine(folder.Path, "settings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            // Port 9 (discard): nothing listens there, so every request fails to connect at once; a freed ephemeral port could be taken by another test.
            SmsBuyz = new { BaseUrl = "http://127.0.0.1:9/v1", RetryDelaySeconds = 0.01 },
            Storage = new { Database = Path.Combine(folder.Path, "app.db") },
            Hangfire = new { Database = Path.Combine(folder.Path, "hangfire.db") },
            Dashboard = new { Enabled = false },
            Rules = watchRule
                ? new object[] { new { Name = "watch", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 1, WatchInterval = "00:00:05" } }
                : [],
        }));
        return path;
    }

    private static Dictionary<string, string> Environment() => new() { ["DOTNET_NOLOGO"] = "1" };

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    public void Dispose() => folder.Dispose();
}
