using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>One auto-buy event, as logged and as POSTed to the webhook; <see cref="Provider"/> is the offer's when several are configured.</summary>
public sealed record AutoBuyEvent(DateTimeOffset At, string Kind, string Message, string? Rule = null, long? OrderId = null,
    string? Country = null, string? Operator = null, string? Product = null, decimal? Price = null, string? Code = null, string? Provider = null);

public static class EventKinds
{
    public const string Buy = "buy";
    public const string DryRunBuy = "dry-run-buy";
    public const string BuyFailed = "buy-failed";
    public const string Unknown = "buy-outcome-unknown";
    public const string Reconciled = "reconciled";
    public const string Code = "code";
    public const string Finished = "finished";
    public const string Canceled = "canceled";
    public const string Refund = "refund";
    public const string Banned = "banned";
    public const string Paused = "paused";
    public const string KillSwitch = "kill-switch";
    public const string Alert = "alert";
    public const string InStock = "in-stock";
}

/// <summary>
/// Logs every event and queues it for the webhook. Publishing never waits: the queue is bounded and drops the
/// oldest event when the webhook cannot keep up, so a slow or dead endpoint can never hold up a buy; what it drops
/// is counted (<see cref="Overflowed"/>) for the sender to report.
/// </summary>
public sealed partial class Notifier
{
    public const int QueueLength = 1000;

    private readonly TimeProvider time;
    private readonly ILogger<Notifier> logger;
    private readonly Channel<AutoBuyEvent> _queue;
    private long _overflowed;

    public Notifier(TimeProvider time, ILogger<Notifier> logger)
    {
        this.time = time;
        this.logger = logger;
        _queue = Channel.CreateBounded<AutoBuyEvent>(
            new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _overflowed));
    }

    internal ChannelReader<AutoBuyEvent> Queue => _queue.Reader;

    /// <summary>Events dropped so far because the queue was full.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    public void Publish(string kind, string message, string? rule = null, long? orderId = null,
        Rules.Candidate? offer = null, decimal? price = null, string? code = null)
    {
        var e = new AutoBuyEvent(time.GetUtcNow(), kind, message, rule, orderId, offer?.Country, offer?.Operator, offer?.Product,
            price ?? offer?.Price, code, offer?.Provider);
        if (kind is EventKinds.BuyFailed or EventKinds.Unknown or EventKinds.Paused or EventKinds.KillSwitch)
            LogWarning(kind, message);
        else
            LogInformation(kind, message);
        _queue.Writer.TryWrite(e);
    }

    [LoggerMessage(LogLevel.Information, "auto-buy {Kind}: {Message}")]
    private partial void LogInformation(string kind, string message);

    [LoggerMessage(LogLevel.Warning, "auto-buy {Kind}: {Message}")]
    private partial void LogWarning(string kind, string message);
}
