using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;
using static SmsBuyz.Analytics.Tests.AutoBuy.AutoBuyHarness;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class WebhookTests
{
    [Fact]
    public async Task Post_DryRunBuy_JsonWithContentLengthContentTypeAndUserAgent()
    {
        await using var receiver = Receiver.Start();
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "DryRun", ["Notifications:WebhookUrl"] = receiver.Url },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"))));
        var sender = h.Services.Get<WebhookSender>();
        await sender.StartAsync(CancellationToken.None);
        await h.SweepAsync();

        await h.StepAsync(TimeSpan.FromSeconds(1));
        var post = await receiver.NextAsync();
        await sender.StopAsync(CancellationToken.None);

        Assert.Equal("POST", post.Method);
        Assert.Equal(Encoding(post.Body).Length, post.ContentLength); // sent with its length, not chunked
        Assert.Null(post.TransferEncoding);
        Assert.Equal("application/json", post.ContentType);
        // The app's name and its package version (the csproj's <Version>), however that moves.
        var version = typeof(Analytics.AutoBuy.WebhookSender).Assembly.GetName().Version!;
        Assert.Equal($"SmsBuyz.Analytics/{version.ToString(3)}", post.UserAgent);
        Assert.NotEqual("0.0.0", version.ToString(3));
        Assert.Equal(EventKinds.DryRunBuy, post.Json.GetProperty("kind").GetString());
        Assert.Equal("tg", post.Json.GetProperty("rule").GetString());
        Assert.Contains("dry-run", post.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualBuyThenCancel_FromTheCommandLine_EachEventArrivesBeforeTheCommandExits()
    {
        await using var receiver = Receiver.Start();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 });
        using var cli = new CliHarness(new
        {
            SmsBuyz = new { BaseUrl = sandbox.BaseUrl.ToString(), ApiKey = sandbox.Options.ApiKey },
            AutoBuy = new { Mode = "Live", KillSwitchFile = Path.Combine(Path.GetTempPath(), "smsbuyz-no-such-stop-file") },
            Notifications = new { WebhookUrl = receiver.Url },
        });

        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "10", "--config", cli.ConfigPath);
        var afterBuy = receiver.Received.Select(p => p.Json.GetProperty("kind").GetString()).ToList();
        // The sandbox's account is drawn per start, its ids from the account's block: not 1.
        var id = Assert.Single(sandbox.State.Orders).Id;
        var cancel = await cli.RunAsync("cancel", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", cli.ConfigPath);
        var afterCancel = receiver.Received.Select(p => p.Json.GetProperty("kind").GetString()).ToList();

        Assert.True(buy.ExitCode == 0 && cancel.ExitCode == 0, buy.Stdout + buy.Stderr + cancel.Stdout + cancel.Stderr);
        Assert.Equal([EventKinds.Buy], afterBuy);
        Assert.Equal([EventKinds.Buy, EventKinds.Canceled], afterCancel);
        Assert.Equal("manual", receiver.Received[1].Json.GetProperty("rule").GetString());
        Assert.Equal(id, receiver.Received[1].Json.GetProperty("orderId").GetInt64());
    }

    [Fact]
    public async Task Receiver_AcceptsButNeverAnswers_BuyingIsNotSlowed_StopWaitsBoundedAndCountsWhatItDropped()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var held = new ConcurrentBag<TcpClient>();
        _ = Task.Run(async () => { while (true) held.Add(await blackHole.AcceptTcpClientAsync()); });
        await using var h = await StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 }, Merge(
            new Dictionary<string, string?> { ["AutoBuy:Mode"] = "Live", ["Notifications:WebhookUrl"] = $"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/hook" },
            Rule(0, "tg", "telegram", "ru", ("MaxPrice", "10"), ("Cooldown", "00:00:05"))));
        var sender = h.Services.Get<WebhookSender>();
        await sender.StartAsync(CancellationToken.None);
        await h.SweepAsync();

        var buying = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await h.SweepAsync();
            await h.StepAsync(TimeSpan.FromSeconds(6));
        }
        buying.Stop();
        var stopping = Stopwatch.StartNew();
        await sender.StopAsync(CancellationToken.None);
        stopping.Stop();

        Assert.Equal(3, h.Sandbox.State.Orders.Count); // three buys while the first post hangs
        // A buy that waited for the hanging post would wait until the webhook client gives up on it (real time: HttpClient
        // has no TimeProvider), so three buys inside that timeout never waited. The three take about a second here; the
        // rest of the timeout is the room for a loaded machine.
        var postTimeout = h.Services.Get<IHttpClientFactory>().CreateClient(WebhookSender.ClientName).Timeout;
        Assert.True(buying.Elapsed < postTimeout, $"buying took {buying.Elapsed.TotalSeconds:F2} s, the webhook post's timeout is {postTimeout.TotalSeconds} s");
        Assert.InRange(stopping.Elapsed, WebhookSender.ExitWait - TimeSpan.FromSeconds(1), WebhookSender.ExitWait + TimeSpan.FromSeconds(5));
        var logs = h.Services.Logs.GetSnapshot().Select(l => l.Message).ToList();
        Assert.Contains(logs, m => m.StartsWith("Webhook post of a buy event failed (not delivered within 5 s of exit)", StringComparison.Ordinal));
        Assert.Contains("2 webhook event(s) still queued after waiting 00:00:05 at exit; dropped", logs);
        foreach (var client in held)
            client.Dispose();
    }

    private static byte[] Encoding(string body) => System.Text.Encoding.UTF8.GetBytes(body);

    private sealed record Post(string Method, long ContentLength, string? TransferEncoding, string? ContentType, string? UserAgent, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    /// <summary>A webhook receiver on loopback that records every post and answers 200.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<Post> _received = [];
        private readonly SemaphoreSlim _arrived = new(0);
        private Task _loop = Task.CompletedTask;

        public string Url { get; private init; } = "";

        public IReadOnlyList<Post> Received
        {
            get { lock (_received) return [.. _received]; }
        }

        public static Receiver Start()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var receiver = new Receiver { Url = $"http://127.0.0.1:{port}/hook/" };
            receiver._listener.Prefixes.Add(receiver.Url);
            receiver._listener.Start();
            receiver._loop = Task.Run(receiver.LoopAsync);
            return receiver;
        }

        public async Task<Post> NextAsync()
        {
            Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(15)), "no webhook post arrived");
            lock (_received)
                return _received[^1];
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream);
                var post = new Post(context.Request.HttpMethod, context.Request.ContentLength64, context.Request.Headers["Transfer-Encoding"],
                    context.Request.ContentType, context.Request.UserAgent, await reader.ReadToEndAsync());
                lock (_received)
                    _received.Add(post);
                context.Response.StatusCode = 200;
                context.Response.Close();
                _arrived.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
            _arrived.Dispose();
        }
    }
}
