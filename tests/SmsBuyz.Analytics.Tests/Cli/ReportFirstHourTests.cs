using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Reliability;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>
/// <c>report</c> as docs/reports.md writes it, on what a first <c>snapshot</c> stored: the app as a child process in a
/// folder with the shipped appsettings.json (five monitored products; the sample rule, disabled), against the sandbox.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class ReportFirstHourTests(ReportFirstHourTests.Snapshot snapshot) : IClassFixture<ReportFirstHourTests.Snapshot>
{
    private static readonly string[] Monitored = ["amazon", "google", "microsoft", "telegram", "whatsapp"];

    [Fact]
    public async Task Report_WithoutVerbose_PrintsItsStagesButNoLinePerChart()
    {
        var (code, _, stderr) = await snapshot.ReportAsync();
        var (verboseCode, _, verbose) = await snapshot.RunAsync("report", "--verbose");

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("report: reading the market", stderr, StringComparison.Ordinal);
        Assert.Matches(@"report: drew \d+ charts; writing tables", stderr);
        Assert.DoesNotContain("report: drew " + Monitored[0], stderr, StringComparison.Ordinal);
        Assert.True(Regex.Count(stderr, "^report: ", RegexOptions.Multiline) <= 6, stderr);
        Assert.True(verboseCode == ExitCodes.Ok, verbose);
        Assert.Contains("report: drew telegram: cheapest price by country", verbose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ByDefault_ChartsTheMonitoredProducts()
    {
        var (code, stdout, stderr) = await snapshot.ReportAsync();

        Assert.True(code == ExitCodes.Ok, stderr);
        var folder = Path.GetDirectoryName(stdout.Trim())!;
        // One stock chart per charted product (the price charts share their prefix with the heatmap).
        Assert.Equal(Monitored.Select(p => $"stock_{p}.png"), Directory.GetFiles(folder, "stock_*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "price_telegram.png")));
        Assert.True(snapshot.ProductsStored > Monitored.Length, "the products sweep stored more products than are monitored");
        Assert.Contains($"show the {Monitored.Length} monitored products (Monitor:Products)", await File.ReadAllTextAsync(stdout.Trim()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_TheShippedDisabledSampleRule_IsNoThresholdOnTheChart_AnEnabledOneIs()
    {
        var (code, stdout, stderr) = await snapshot.ReportAsync();
        var shipped = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(stdout.Trim())!, "price_telegram.svg"));
        var (enabledCode, enabledOut, enabledErr) = await snapshot.RunAsync(new Dictionary<string, string> { ["Rules__0__Enabled"] = "true" }, "report");
        var enabled = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(enabledOut.Trim())!, "price_telegram.svg"));

        Assert.True(code == ExitCodes.Ok && enabledCode == ExitCodes.Ok, stderr + enabledErr);
        Assert.DoesNotContain("rule: buy at", shipped, StringComparison.Ordinal);
        Assert.Contains("rule: buy at ≤ 0.3", enabled, StringComparison.Ordinal);
    }

    /// <summary>A folder with the shipped appsettings.json and the database of one <c>snapshot</c> of the sandbox.</summary>
    public sealed class Snapshot : IAsyncLifetime, IDisposable
    {
        private readonly TempFolder _folder = new();
        private SandboxServer _sandbox = null!;

        private Task<(int ExitCode, string Stdout, string Stderr)>? _report;

        public long ProductsStored { get; private set; }

        /// <summary>
        /// A plain <c>report</c>, run once for the tests that read it (a child process's start and a report each time
        /// otherwise). Later runs in the same minute replace its folder with one of the same files.
        /// </summary>
        public Task<(int ExitCode, string Stdout, string Stderr)> ReportAsync() => _report ??= RunAsync("report");

        public async Task InitializeAsync()
        {
            File.Copy(Path.Combine(AppProcess.RepositoryRoot, "appsettings.json"), Path.Combine(_folder.Path, "appsettings.json"));
            _sandbox = await SandboxServer.StartAsync(new SandboxOptions(), port: 0);
            var (code, _, stderr) = await RunAsync("snapshot");
            Assert.True(code == ExitCodes.Ok, stderr);
            await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder.Path, "data", "smsbuyz.db")}");
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT count(*) FROM product";
            ProductsStored = (long)(await count.ExecuteScalarAsync())!;
        }

        public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

        public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> extra, params string[] args)
        {
            var env = SandboxMarket.Environment(_sandbox);
            env["SmsBuyz__ApiKey"] = _sandbox.Options.ApiKey;
            foreach (var (name, value) in extra)
                env[name] = value;
            return AppProcess.RunAsync(_folder.Path, env, args);
        }

        public async Task DisposeAsync()
        {
            await _sandbox.DisposeAsync();
            Dispose();
        }

        public void Dispose() => _folder.Dispose();
    }
}
