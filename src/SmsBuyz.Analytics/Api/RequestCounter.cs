using System.Runtime.CompilerServices;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Counts the HTTP requests sent (retries and order pages included) within an async flow, so a sweep can
/// report exactly how many requests it cost.
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();

    /// <summary>Starts counting for the calling flow and everything it awaits or starts.</summary>
    public static StrongBox<int> Begin()
    {
        var box = new StrongBox<int>();
        Current.Value = box;
        return box;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Current.Value is { } box)
            Interlocked.Increment(ref box.Value);
        return base.SendAsync(request, cancellationToken);
    }
}
