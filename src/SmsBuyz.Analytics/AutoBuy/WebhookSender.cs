using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>POSTs queued events to <c>Notifications:WebhookUrl</c>, one at a time, best effort: a failure is logged and dropped.</summary>
public sealed partial class WebhookSender(Notifier notifier, IHttpClientFactory http, IOptionsMonitor<NotificationOptions> options,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string ClientName = "SmsBuyz.Webhook";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var e in notifier.Queue.ReadAllAsync(stoppingToken))
        {
            var url = options.CurrentValue.WebhookUrl;
            if (url.Length == 0)
                continue;
            try
            {
                using var response = await http.CreateClient(ClientName).PostAsJsonAsync(new Uri(url), e, stoppingToken);
                if (!response.IsSuccessStatusCode)
                    LogFailed(e.Kind, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !stoppingToken.IsCancellationRequested))
            {
                LogFailed(e.Kind, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Webhook post of a {Kind} event failed ({Reason}); dropped")]
    private partial void LogFailed(string kind, string reason);
}
