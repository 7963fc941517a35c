using System.Net;
using System.Text;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>
/// Market answers are parsed as they arrive, inside the request's attempt: a body cut off is retried from its start and
/// never read twice into one result, a stalled body times out, the size limit holds, and a body that is not JSON gets
/// the same typed error as a buffered one.
/// </summary>
public sealed class ClientStreamedAnswerTests : IAsyncLifetime
{
    private ClientHarness _h = null!;

    public async Task InitializeAsync() => _h = await ClientHarness.StartAsync(o =>
    {
        o.MaxReadRetries = 2;
        o.RetryDelaySeconds = 0.01;
        o.TimeoutSeconds = 3; // as ClientRetryTests: a stalled attempt times out in the test's time
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A full list of <paramref name="countries"/> × 50 products × 3 operators, about 200 bytes a product.</summary>
    private static string FullList(int countries)
    {
        var json = new StringBuilder("{");
        for (var c = 0; c < countries; c++)
        {
            json.Append(c == 0 ? "" : ",").Append($"\"c{c}\":{{");
            for (var p = 0; p < 50; p++)
                json.Append(p == 0 ? "" : ",").Append($"\"product{p}\":{{\"Virtual1\":{{\"cost\":0.{p + 10},\"count\":{c}}},\"mts\":{{\"cost\":\"1.5\",\"count\":\"{p}\"}},\"any\":{{\"cost\":2,\"count\":0,\"rate\":99.5}}}}");
            json.Append('}');
        }
        return json.Append('}').ToString();
    }

    [Fact]
    public async Task GetPricesAsync_BodyDroppedMidWayThenAnswered_OneAnswersOffersOnce()
    {
        var body = FullList(40); // 400 KB: several chunks of the reader arrive before the drop
        var seen = 0;
        _h.Server.Set("guest/prices", _ => Interlocked.Increment(ref seen) == 1 ? StubReply.DropMidBody(body) : StubReply.Json(body));

        var result = await _h.Client.GetPricesAsync(null, null, CancellationToken.None);

        Assert.Equal(2, _h.Server.RequestsTo("guest/prices").Count);
        Assert.Equal(PricesParser.Parse(Encoding.UTF8.GetBytes(body), null, null).Offers, result.Offers);
        Assert.Equal(40 * 50 * 3, result.Offers.Count);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public async Task ReadPricesAsync_BodyDroppedMidWay_SinkRestartedBeforeTheRetry()
    {
        var body = FullList(40);
        var seen = 0;
        _h.Server.Set("guest/prices", _ => Interlocked.Increment(ref seen) == 1 ? StubReply.DropMidBody(body) : StubReply.Json(body));
        var sink = new CountingSink();

        await _h.Client.ReadPricesAsync(null, null, sink, CancellationToken.None);

        Assert.Equal(2, sink.Restarts);
        Assert.True(sink.AddedBeforeLastRestart > 0, "the first attempt handed on offers before its body was cut off");
        Assert.Equal(40 * 50 * 3, sink.Offers);
    }

    [Fact]
    public async Task GetPricesAsync_BodyStallsEveryTime_TimeoutAfterTheRetries()
    {
        _h.Server.Set("guest/prices", StubReply.StallMidBody(FullList(2)));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetPricesAsync(null, null, CancellationToken.None));

        Assert.Equal(ApiErrorKind.Timeout, ex.Kind);
        Assert.Equal(3, _h.Server.RequestsTo("guest/prices").Count);
    }

    [Fact]
    public async Task GetProductsAsync_LargerThanTheLimit_InvalidResponseNotRetried()
    {
        // Retries on, and a timeout no busy machine reaches before 32 MB have come: only the limit can stop the attempt.
        await using var h = await ClientHarness.StartAsync(o => (o.MaxReadRetries, o.RetryDelaySeconds, o.TimeoutSeconds) = (2, 0.01, 120));
        const string entry = "\"p\": {\"Category\": \"activation\", \"Qty\": 1, \"Price\": 0.5}, ";
        h.Server.Set("guest/products/ru/any", StubReply.Json(
            "{" + string.Concat(Enumerable.Repeat(entry, (AttemptTimeoutHandler.MaxResponseBytes / entry.Length) + 1))));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => h.Client.GetProductsAsync("ru", "any", CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal(HttpRequestError.ConfigurationLimitExceeded, Assert.IsType<HttpRequestException>(ex.InnerException).HttpRequestError);
        Assert.Single(h.Server.RequestsTo("guest/products/ru/any"));
    }

    public static TheoryData<StubReply, ApiErrorKind, string> UnusableBodies => new()
    {
        { StubReply.Text("no free phones"), ApiErrorKind.NoNumbers, "no free phones" },
        { StubReply.Html("<html><body>Maintenance</body></html>"), ApiErrorKind.InvalidResponse, "<html><body>Maintenance</body></html>" },
        { StubReply.Json("""{"ru": {"telegram": {"mts": {"cost": 0.3"""), ApiErrorKind.InvalidResponse, """{"ru": {"telegram": {"mts": {"cost": 0.3""" },
        { StubReply.Json(""), ApiErrorKind.InvalidResponse, "" },
    };

    [Theory]
    [MemberData(nameof(UnusableBodies))]
    public async Task GetPricesAsync_200WithUnusableBody_TypedErrorWithExcerptNotRetried(StubReply reply, ApiErrorKind kind, string excerpt)
    {
        _h.Server.Set("guest/prices", reply);

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetPricesAsync("telegram", null, CancellationToken.None));

        Assert.Equal((kind, HttpStatusCode.OK, excerpt), (ex.Kind, ex.StatusCode!.Value, ex.BodyExcerpt));
        Assert.Single(_h.Server.RequestsTo("guest/prices"));
    }

    [Fact]
    public async Task GetProductsAsync_NotAnObject_InvalidResponse()
    {
        _h.Server.Set("guest/products/ru/any", StubReply.Json("[1, 2]"));

        var ex = await Assert.ThrowsAsync<SmsBuyzApiException>(() => _h.Client.GetProductsAsync("ru", "any", CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("expected an object of products", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPricesAsync_ConnectionReusedAfterAStreamedAnswer()
    {
        _h.Server.Set("guest/prices", StubReply.Json(FullList(3)));

        await _h.Client.GetPricesAsync(null, null, CancellationToken.None);
        await _h.Client.GetPricesAsync(null, null, CancellationToken.None);

        // Read to its end, the answer leaves its connection to the pool: no new connection per sweep.
        Assert.Single(_h.Server.RequestsTo("guest/prices").Select(r => r.ConnectionId).Distinct());
    }

    private sealed class CountingSink : IOfferSink<PriceOffer>
    {
        public int Restarts { get; private set; }
        public int Offers { get; private set; }
        public int AddedBeforeLastRestart { get; private set; }

        public void Restart()
        {
            (Restarts, AddedBeforeLastRestart, Offers) = (Restarts + 1, Offers, 0);
        }

        public void Add(in PriceOffer offer) => Offers++;
    }
}
