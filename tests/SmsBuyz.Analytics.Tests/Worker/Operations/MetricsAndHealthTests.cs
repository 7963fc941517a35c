using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Tests.Reliability;
using SmsBuyz.Analytics.Worker;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary><c>/metrics</c> and <c>/healthz</c> of a real worker sweeping the sandbox, on the dashboard's web host.</summary>
/// <remarks>
/// Alone, after every other collection (so also after the Hangfire lane, whose static state its worker shares): the
/// worker's OpenTelemetry listens to every meter named <c>SmsBuyz.Analytics</c> in the process, not only its own
/// container's, so requests and sweeps of tests running beside it would be counted in the exact totals it checks.
/// </remarks>
[Collection(RunsAlone.Name)]
public sealed class MetricsAndHealthTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Metrics_AfterSweeps_PrometheusTextWithSweepsRequestsAndStateInLowCardinalitySeries()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 10, ApiKey = "metrics-key" }, port: 0);
        await using var worker = await StartAsync(sandbox, new());
        worker.Trigger(JobIds.Products);
        worker.Trigger(JobIds.Account);
        await worker.WaitForSweepsAsync(JobIds.Products, 1);
        await worker.WaitForSweepsAsync(JobIds.Account, 1);
        using var http = new HttpClient();

        // The stored state comes from the read an earlier scrape started (a scrape never waits for the database).
        // Each gauge is read at the scrape from the last stored state: wait for a scrape after which every gauge had it.
        var (response, text) = await ScrapeAsync(http, worker, until: t => t.Contains("\nsmsbuyz_balance", StringComparison.Ordinal)
            && t.Contains("\nsmsbuyz_orders_open", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "smsbuyz_sweeps_total", "job=\"products\"", "outcome=\"ok\""));
        Assert.Equal(1, Value(text, "smsbuyz_sweeps_total", "job=\"account\"", "outcome=\"ok\""));
        Assert.Contains("# TYPE smsbuyz_sweep_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "smsbuyz_sweep_duration_seconds_count", "job=\"products\""));
        Assert.True(Value(text, "smsbuyz_sweep_changes_total", "job=\"products\"") > 0);
        Assert.Equal(2, Value(text, "smsbuyz_requests_total", "endpoint=\"guest/products\"", "error_kind=\"none\""));
        // The account sweep's read, and the buyer's first step's when it came before the sweep named the account.
        Assert.InRange(Value(text, "smsbuyz_requests_total", "endpoint=\"user/profile\"", "error_kind=\"none\""), 1, 2);
        Assert.Equal((double)sandbox.Options.StartingBalance, Value(text, "smsbuyz_balance"));
        Assert.Equal(0, Value(text, "smsbuyz_orders_open"));
        Assert.Equal(0, Value(text, "smsbuyz_buys_unknown"));
        Assert.Equal(0, Value(text, "smsbuyz_spend_total"));
        Assert.Equal(1, Value(text, "smsbuyz_buyer")); // SQLite: the one worker of the file buys
        // The native memory SQLite holds: at least the schema and page cache of the connection that stored the sweeps.
        Assert.InRange(Value(text, "smsbuyz_sqlite_memory_bytes"), 64 * 1024, 4L * 1024 * 1024 * 1024);
        // No series per country, operator or product: only the few known label values.
        Assert.DoesNotContain("guest/products/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("country", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_SweepsSucceededAndDatabaseWritable_200ThenDatabaseLocked_503WithReason()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 10 }, port: 0);
        await using var worker = await StartAsync(sandbox, new());
        worker.Trigger(JobIds.Products);
        worker.Trigger(JobIds.Prices);
        await worker.WaitForSweepsAsync(JobIds.Products, 1);
        await worker.WaitForSweepsAsync(JobIds.Prices, 1);
        using var http = new HttpClient();

        var healthy = await http.GetAsync(Url(worker, "/healthz"));
        var healthyBody = await healthy.Content.ReadAsStringAsync();
        HttpResponseMessage locked;
        TimeSpan answeredIn;
        using (var holder = Db.Open(Path.Combine(folder.Path, "app.db"), readOnly: false))
        {
            holder.Execute("BEGIN IMMEDIATE; UPDATE market_version SET version = version;");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            locked = await http.GetAsync(Url(worker, "/healthz"));
            answeredIn = clock.Elapsed;
            holder.Execute("ROLLBACK");
        }
        var lockedBody = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()).RootElement;

        Assert.True(healthy.StatusCode == HttpStatusCode.OK, healthyBody);
        Assert.Equal("healthy", JsonDocument.Parse(healthyBody).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        // A supervisor's poll gets its answer in seconds, not after the 30 s busy timeout (bound sized for a loaded machine).
        Assert.True(answeredIn < TimeSpan.FromSeconds(10), $"/healthz answered after {answeredIn}");
        Assert.Equal("unhealthy", lockedBody.GetProperty("status").GetString());
        Assert.Contains("does not take writes", Assert.Single(lockedBody.GetProperty("reasons").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsAndHealth_DashboardWithCredentials_RequireBasicAuth()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 1, Products = 2 }, port: 0);
        await using var worker = await StartAsync(sandbox, new() { ["Dashboard:Username"] = "ops", ["Dashboard:Password"] = "s3cret" });
        using var http = new HttpClient();

        foreach (var path in new[] { "/metrics", "/healthz" })
        {
            var anonymous = await http.GetAsync(Url(worker, path));
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(worker, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));
            var authorized = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            Assert.NotEqual(HttpStatusCode.Unauthorized, authorized.StatusCode);
        }
    }

    /// <summary>The value of the one series of <paramref name="name"/> carrying every label given (in any order, among others).</summary>
    private static double Value(string text, string name, params string[] labels)
    {
        var series = text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(series.Count == 1, $"{name} {string.Join(',', labels)}: {series.Count} series in\n{text}");
        return double.Parse(series[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(HttpResponseMessage Response, string Text)> ScrapeAsync(HttpClient http, WorkerHost worker, Func<string, bool> until)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(100))
        {
            var response = await http.GetAsync(Url(worker, "/metrics"));
            var text = await response.Content.ReadAsStringAsync();
            if (until(text) || DateTime.UtcNow > deadline)
                return (response, text);
            response.Dispose();
        }
    }

    private static Uri Url(WorkerHost worker, string path) => new(worker.Services.GetRequiredService<DashboardServer>().Url!, path);

    private async Task<WorkerHost> StartAsync(SandboxServer sandbox, Dictionary<string, string?> settings)
    {
        settings["Dashboard:Enabled"] = "true";
        settings["Dashboard:Url"] = "http://127.0.0.1:0/hangfire";
        settings["Hangfire:Storage"] = "InMemory";
        settings["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString();
        settings["SmsBuyz:ApiKey"] = sandbox.Options.ApiKey;
        settings["Monitor:Countries:0"] = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Order(StringComparer.Ordinal).First();
        settings["Monitor:Countries:1"] = sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Order(StringComparer.Ordinal).Last();
        var worker = await WorkerHost.CreateAsync(folder.Path, settings);
        await worker.Host.StartAsync();
        return worker;
    }

    public void Dispose() => folder.Dispose();
}
