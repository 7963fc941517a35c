using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class WebhookTests
{
    [Fact]
    public async Task Publish_DryRunBuyWithWebhookSet_PostsTheEventAsJson()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "DryRun", ["Notifications:WebhookUrl"] = $"http://127.0.0.1:{port}/hook/" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"))));
        using var sender = ActivatorUtilities.CreateInstance<WebhookSender>(h.Services.Provider);
        await sender.StartAsync(CancellationToken.None);
        await h.SweepAsync();

        await h.StepAsync(TimeSpan.FromSeconds(1));
        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
        context.Response.Close();
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal(EventKinds.DryRunBuy, body.RootElement.GetProperty("kind").GetString());
        Assert.Equal("tg", body.RootElement.GetProperty("rule").GetString());
        Assert.Contains("dry-run", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
