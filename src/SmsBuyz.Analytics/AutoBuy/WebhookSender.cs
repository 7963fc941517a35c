using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// POSTs queued events to <c>Notifications:WebhookUrl</c>, one at a time, best effort. In the worker it runs as a
/// hosted service; a command that publishes (<c>buy</c>, <c>cancel</c>, ...) calls <see cref="DeliverPendingAsync"/>
/// before it exits. Stopping waits at most <see cref="ExitWait"/> for what is queued; every event not delivered (a
/// failed post, the queue overflowing, time up at exit) is counted in the log, never lost silently.
/// </summary>
public sealed partial class WebhookSender(Notifier notifier, IHttpClientFactory http, IOptionsMonitor<NotificationOptions> options,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string ClientName = "SmsBuyz.Webhook";

    /// <summary>How long a stopping worker or an exiting command waits for queued events to be delivered.</summary>
    public static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    /// <summary>Names the sender to the receiver (some reject requests without one).</summary>
    public static readonly ProductInfoHeaderValue UserAgent = new("SmsBuyz.Analytics",
        typeof(WebhookSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CancellationTokenSource _exit = new();
    private long _overflowReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Once stopping, no new event is taken here: StopAsync delivers the rest within its bound.
            while (await notifier.Queue.WaitToReadAsync(stoppingToken))
                while (!stoppingToken.IsCancellationRequested && notifier.Queue.TryRead(out var e))
                    await PostAsync(e, _exit.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // One bound for the post in flight and the rest of the queue, so a dead receiver delays shutdown by ExitWait at most.
        _exit.CancelAfter(ExitWait);
        await base.StopAsync(cancellationToken);
        await DrainAsync(_exit.Token);
    }

    /// <summary>For a command that is about to exit: delivers the queued events within <see cref="ExitWait"/>.</summary>
    public async Task DeliverPendingAsync()
    {
        using var deadline = new CancellationTokenSource(ExitWait);
        await DrainAsync(deadline.Token);
    }

    private async Task DrainAsync(CancellationToken deadline)
    {
        while (!deadline.IsCancellationRequested && notifier.Queue.TryRead(out var e))
            await PostAsync(e, deadline);
        var left = 0;
        while (notifier.Queue.TryRead(out _))
            left++;
        if (left > 0 && options.CurrentValue.WebhookUrl.Length > 0)
            LogNotDelivered(left, ExitWait);
        ReportOverflow();
    }

    private async Task PostAsync(AutoBuyEvent e, CancellationToken deadline)
    {
        ReportOverflow();
        var url = options.CurrentValue.WebhookUrl;
        if (url.Length == 0)
            return;
        try
        {
            // A byte array, not a stream: the length is known, so the post carries Content-Length instead of being
            // chunked, which small receivers read as an empty body.
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(e, Json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = content };
            request.Headers.UserAgent.Add(UserAgent);
            using var response = await http.CreateClient(ClientName).SendAsync(request, deadline);
            if (!response.IsSuccessStatusCode)
                LogFailed(e.Kind, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LogFailed(e.Kind, deadline.IsCancellationRequested ? $"not delivered within {ExitWait.TotalSeconds:0} s of exit" : ex.GetType().Name);
        }
    }

    private void ReportOverflow()
    {
        var overflowed = notifier.Overflowed;
        var before = Interlocked.Exchange(ref _overflowReported, overflowed);
        if (overflowed > before)
            LogOverflow(overflowed - before, Notifier.QueueLength);
    }

    public override void Dispose()
    {
        _exit.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Webhook post of a {Kind} event failed ({Reason}); dropped")]
    private partial void LogFailed(string kind, string reason);

    [LoggerMessage(LogLevel.Warning, "{Count} webhook event(s) still queued after waiting {Wait} at exit; dropped")]
    private partial void LogNotDelivered(int count, TimeSpan wait);

    [LoggerMessage(LogLevel.Warning, "{Count} webhook event(s) dropped: the receiver did not keep up and the queue holds {Length}")]
    private partial void LogOverflow(long count, int length);
}
