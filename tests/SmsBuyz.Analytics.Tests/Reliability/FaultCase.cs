using SmsBuyz.Analytics.Tests.Api;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>How the API misbehaves in one row of the fault matrix.</summary>
internal enum FaultMode
{
    /// <summary>The stub answers each request with <see cref="FaultCase.Reply"/> (null = the good answer).</summary>
    Reply,
    /// <summary>Nothing listens on the API's port.</summary>
    Refused,
    /// <summary>The API's host name does not resolve.</summary>
    Dns,
}

/// <param name="Reply">The answer to the n-th request (from 0) of a path; null means the good answer.</param>
/// <param name="Kinds">Error kinds the failed parts may be recorded with; empty = the sweep must succeed.</param>
/// <param name="RequestsPerPart">When set, each part must have been sent exactly this often (e.g. no retry).</param>
internal sealed record FaultCase(string Name, FaultMode Mode, Func<string, int, StubReply?>? Reply, string[] Kinds, int? RequestsPerPart = null)
{
    private const int HugeBytes = 50 * 1024 * 1024;
    private static readonly Lazy<StubReply> HugeReply = new(() => StubReply.Huge("""{"a": [1, 2, 3]}, """, HugeBytes));
    private const string HtmlPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    public static readonly IReadOnlyList<FaultCase> All =
    [
        new("5xx burst longer than the retries", FaultMode.Reply, (_, n) => StubReply.Text("internal error", n % 2 == 0 ? 500 : 502), ["ServerError", "GatewayError"]),
        new("5xx burst shorter than the retries", FaultMode.Reply, (_, n) => n < 2 ? StubReply.Text("bad gateway", 502) : null, []),
        new("503 burst", FaultMode.Reply, (_, _) => StubReply.Text("service unavailable", 503), ["NoNumbers"]),
        new("429 without Retry-After", FaultMode.Reply, (_, _) => StubReply.Text("Too Many Requests", 429), ["RateLimited"]),
        new("429 with Retry-After 1 s, once", FaultMode.Reply, (_, n) => n == 0 ? RateLimited("1") : null, []),
        new("429 with Retry-After one hour", FaultMode.Reply, (_, _) => RateLimited("3600"), ["RateLimited"], RequestsPerPart: 1),
        new("HTML error page (502)", FaultMode.Reply, (_, _) => StubReply.Html(HtmlPage, 502), ["GatewayError"]),
        new("HTML page with 200", FaultMode.Reply, (_, _) => StubReply.Html(HtmlPage), ["InvalidResponse"]),
        new("plain-text error with 200", FaultMode.Reply, (_, _) => StubReply.Text("error: service temporarily unavailable"), ["InvalidResponse"]),
        new("plain-text error with 400", FaultMode.Reply, (_, _) => StubReply.Text("BAD_REQUEST", 400), ["BadRequest"], RequestsPerPart: 1),
        new("truncated JSON", FaultMode.Reply, null, ["InvalidResponse"]), // filled in per path below
        new("valid JSON of the wrong shape (object)", FaultMode.Reply, (_, _) => StubReply.Json("""{"error": "maintenance", "code": 17}"""), ["InvalidResponse", "Malformed"]),
        new("valid JSON of the wrong shape (array)", FaultMode.Reply, (_, _) => StubReply.Json("[1, 2, 3]"), ["InvalidResponse", "Malformed"]),
        new("empty body with 200", FaultMode.Reply, (_, _) => StubReply.Json(""), ["InvalidResponse"]),
        // An account answer is buffered up to the 32 MB limit (InvalidResponse past it, ClientStreamedAnswerTests), and
        // on a loaded machine reading 32 MB can outlast the stub market's 3 s timeout: either way nothing is stored.
        new("huge body (50 MB)", FaultMode.Reply, (_, _) => HugeReply.Value, ["InvalidResponse", "Timeout"]),
        new("slow loris: half the body, then silence past the timeout", FaultMode.Reply, (_, _) => StubReply.StallMidBody("""{"telegram": {"Qty": 1, "Price": 1}}"""), ["Timeout"]),
        new("no answer past the timeout", FaultMode.Reply, (_, _) => StubReply.Stall(), ["Timeout"]),
        new("connection dropped", FaultMode.Reply, (_, _) => StubReply.Abort(), ["Network"]),
        new("connection refused for three sweeps", FaultMode.Refused, null, ["Network"]),
        new("DNS failure (smsbuyz.invalid)", FaultMode.Dns, null, ["Network"]),
    ];

    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];

    public static FaultCase Named(string name) => All.Single(c => c.Name == name);

    public bool MustSucceed => Kinds.Length == 0;

    private static StubReply RateLimited(string retryAfter) =>
        StubReply.Text("Too Many Requests", 429) with { Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter } };
}
