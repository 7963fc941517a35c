using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>The <c>sandbox</c> command: its dialect, its account, and its key, over loopback until cancelled.</summary>
public sealed partial class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_Dialect5simWithAccount_Serves5simShapesUnderThatAccountWithItsKey()
    {
        using var written = new StringWriter();
        var stdout = TextWriter.Synchronized(written); // the command writes from its own task while the test reads
        string Printed()
        {
            lock (stdout) // what a synchronized writer locks on while it writes
                return written.ToString();
        }

        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = CliApp.RunAsync(["sandbox", "--dialect", "5sim", "--port", "0", "--account-id", "4242", "--countries", "2", "--products", "3"],
            stdout, stderr, stop.Token);

        var baseUrl = await WaitForUrlAsync(Printed, run);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sandbox-5sim-key");
        using var profile = JsonDocument.Parse(await http.GetStringAsync(new Uri("user/profile", UriKind.Relative)));
        using var prices = JsonDocument.Parse(await http.GetStringAsync(new Uri("guest/prices", UriKind.Relative)));
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(4242, profile.RootElement.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Object, profile.RootElement.GetProperty("default_country").ValueKind);
        Assert.Equal(["russia", "usa"], prices.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("5sim-style sandbox", Printed(), StringComparison.Ordinal);
        Assert.Contains("account 4242", Printed(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dialect", "sms-activate", "sms-activate")]
    [InlineData("--account-id", "0", "AccountId")]
    public async Task Sandbox_BadDialectOrAccount_Exit2NamingIt(string option, string value, string named)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["sandbox", "--port", "0", option, value], stdout, stderr);

        Assert.Equal(ExitCodes.BadConfiguration, code);
        Assert.Contains(named, stderr.ToString(), StringComparison.Ordinal);
    }

    private static async Task<Uri> WaitForUrlAsync(Func<string> printed, Task<int> run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            if (BaseUrl().Match(printed()) is { Success: true } match)
                return new Uri(match.Value);
            await Task.Delay(50);
        }
        throw new TimeoutException($"the sandbox did not print its address (exited: {run.IsCompleted}): {printed()}");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/v1/")]
    private static partial Regex BaseUrl();
}
