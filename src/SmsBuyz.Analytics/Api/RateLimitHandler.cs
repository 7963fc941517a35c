using System.Threading.RateLimiting;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Waits for a token of a process-wide limiter before each request, so every job together stays under
/// <see cref="SmsBuyzOptions.RequestsPerSecond"/> (reads share one limiter; buys and order actions another).
/// </summary>
public sealed class RateLimitHandler(RateLimiter limiter) : DelegatingHandler
{
    public static RateLimiter CreateLimiter(double requestsPerSecond) => new TokenBucketRateLimiter(new()
    {
        TokenLimit = Math.Max(1, (int)Math.Ceiling(requestsPerSecond)),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
            throw new HttpRequestException("client-side rate limiter refused the request");
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// The per-request timeout, applied after the rate limiter so time spent queueing for a token is not
/// counted. It covers reading the body too: a server that stalls mid-body times out. The body is read here, inside the
/// attempt, so the read pipeline retries a body cut off or stalled as it retries a failed request: buffered, or for a
/// guest market answer parsed as it arrives (<see cref="StreamedAnswer"/>).
/// </summary>
public sealed class AttemptTimeoutHandler(TimeSpan timeout) : DelegatingHandler
{
    /// <summary>
    /// The largest answer read. The full price list of a large market comes near it (200 countries × 1,000 products:
    /// 25 MB), and is parsed as it arrives (<see cref="StreamedAnswer"/>), never held whole; every other answer is a few
    /// hundred KB at most and is buffered. A bigger one is a broken proxy or a hostile server. Exceeding it is an
    /// <see cref="ApiErrorKind.InvalidResponse"/>, not retried, and the sweep asks for the market in parts from then on.
    /// </summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var response = await base.SendAsync(request, cts.Token);
            try
            {
                if (response.IsSuccessStatusCode && request.Options.TryGetValue(StreamedAnswer.Key, out var answer))
                    await answer.ReadAsync(response, cts.Token);
                else
                    await response.Content.LoadIntoBufferAsync(MaxResponseBytes, cts.Token);
            }
            catch
            {
                response.Dispose(); // a body cut off mid-way must not hold its connection until finalization
                throw;
            }
            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete answer within {timeout.TotalSeconds:0.#} s", ex);
        }
    }
}
