using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Tests.Worker;

[Collection(HangfireTests.Name)]
public sealed class DashboardTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData("http://0.0.0.0:5080/hangfire")]
    [InlineData("http://192.0.2.10:5080/hangfire")]
    public async Task Run_NonLoopbackDashboardWithoutCredentials_Exits2NamingTheKeys(string url)
    {
        using var cli = new CliHarness(new { Dashboard = new { Url = url } });

        var result = await cli.RunAsync("run", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("Dashboard:Username", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Password", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DatabasePath), "nothing may be written when the configuration is bad");
    }

    [Fact]
    public async Task Dashboard_LoopbackDefault_ServesHangfireLocally()
    {
        await using var worker = await StartAsync(new());
        using var http = new HttpClient();

        var page = await http.GetAsync(Url(worker, ""));
        var recurring = await http.GetStringAsync(Url(worker, "/recurring"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("SweepJobs.ProductsAsync", recurring, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboard-test-key", recurring, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithCredentials_RequiresBasicAuth()
    {
        await using var worker = await StartAsync(new() { ["Dashboard:Username"] = "admin", ["Dashboard:Password"] = "s3cret" });
        using var http = new HttpClient();

        var anonymous = await http.GetAsync(Url(worker, ""));
        var wrong = await GetAsync(http, Url(worker, ""), "admin:s3cre");
        var right = await GetAsync(http, Url(worker, ""), "admin:s3cret");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient http, Uri url, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http.SendAsync(request);
    }

    private static Uri Url(WorkerHost worker, string page) =>
        new(worker.Services.GetRequiredService<DashboardServer>().Url + page);

    private async Task<WorkerHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Dashboard:Enabled"] = "true";
        settings["Dashboard:Url"] = "http://127.0.0.1:0/hangfire";
        settings["Hangfire:Storage"] = "InMemory";
        settings["SmsBuyz:ApiKey"] = "dashboard-test-key";
        // Nothing to sweep here: the jobs are registered but never due within the test.
        settings["SmsBuyz:BaseUrl"] = "http://127.0.0.1:9/v1";
        var worker = await WorkerHost.CreateAsync(folder.Path, settings);
        await worker.Host.StartAsync();
        return worker;
    }

    public void Dispose() => folder.Dispose();
}
