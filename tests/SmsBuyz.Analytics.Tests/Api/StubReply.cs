namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>What the stub does with a request it received.</summary>
public enum StubAction
{
    /// <summary>Answer with status, content type and body.</summary>
    Answer,
    /// <summary>Drop the connection before any response byte.</summary>
    Abort,
    /// <summary>Never answer (until the client gives up or the stub stops).</summary>
    Stall,
    /// <summary>Send headers and the first half of the body, then never finish.</summary>
    StallMidBody,
    /// <summary>Send headers and the first half of the body, then drop the connection.</summary>
    DropMidBody,
    /// <summary>Answer with status, putting the request's Authorization header into the body.</summary>
    EchoAuthorization,
}

/// <summary>A canned answer of <see cref="StubApiServer"/>.</summary>
public sealed record StubReply(StubAction Action, int Status = 200, string ContentType = "application/json", string Body = "")
{
    /// <summary>Extra response headers, e.g. Retry-After.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Answers with the same body repeated until it is <paramref name="bytes"/> long (a huge answer).</summary>
    public static StubReply Huge(string chunk, int bytes, string contentType = "application/json") =>
        new(StubAction.Answer, 200, contentType, string.Concat(Enumerable.Repeat(chunk, bytes / chunk.Length + 1))[..bytes]);

    public static StubReply Json(string body, int status = 200) => new(StubAction.Answer, status, "application/json", body);

    public static StubReply Text(string body, int status = 200) => new(StubAction.Answer, status, "text/plain", body);

    public static StubReply Html(string body, int status = 200) => new(StubAction.Answer, status, "text/html", body);

    public static StubReply Abort() => new(StubAction.Abort);

    public static StubReply Stall() => new(StubAction.Stall);

    public static StubReply StallMidBody(string body) => new(StubAction.StallMidBody, Body: body);

    public static StubReply DropMidBody(string body) => new(StubAction.DropMidBody, Body: body);

    /// <summary>Answers <paramref name="status"/> with <paramref name="prefix"/> followed by the request's Authorization header.</summary>
    public static StubReply EchoAuthorization(int status, string prefix = "rejected token: ") =>
        new(StubAction.EchoAuthorization, status, "text/plain", prefix);
}

/// <summary>One request the stub received; <see cref="Path"/> is relative to <c>/v1/</c>.</summary>
public sealed record RecordedRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string ConnectionId)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
