namespace SmsBuyz.Sandbox;

/// <summary>
/// Failures injected in front of the endpoints. Tests flip these while the server runs, so every
/// property is read and written atomically (a lock; the values are too wide for plain volatile).
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock gate = new();
    private double probability;
    private FaultKinds kinds = FaultKinds.All;
    private TimeSpan latency = TimeSpan.FromSeconds(2);
    private string? pathContains;
    private int? remaining;
    private readonly Queue<string> echoed = new();

    /// <summary>Chance (0–1) that a matching request gets a fault; 0 turns faults off.</summary>
    public double Probability
    {
        get { lock (gate) { return probability; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            lock (gate) { probability = value; }
        }
    }

    public FaultKinds Kinds
    {
        get { lock (gate) { return kinds; } }
        set { lock (gate) { kinds = value; } }
    }

    /// <summary>Extra wait for <see cref="FaultKinds.Latency"/>, measured on the server's TimeProvider.</summary>
    public TimeSpan Latency
    {
        get { lock (gate) { return latency; } }
        set { lock (gate) { latency = value; } }
    }

    /// <summary>Only requests whose path contains this text (ordinal, case-insensitive) get faults; null = all.</summary>
    public string? PathContains
    {
        get { lock (gate) { return pathContains; } }
        set { lock (gate) { pathContains = value; } }
    }

    /// <summary>How many more faults may be injected (null = no limit): a test that wants exactly one failure sets 1.</summary>
    public int? Remaining
    {
        get { lock (gate) { return remaining; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value ?? 0);
            lock (gate) { remaining = value; }
        }
    }

    /// <summary>
    /// The latest answers <see cref="FaultKinds.EchoAuthorization"/> sent (the last <see cref="EchoesKept"/>), byte for
    /// byte as written: a test sees that a client's key really came back before it checks the client hid it.
    /// </summary>
    public IReadOnlyList<string> Echoed
    {
        get { lock (gate) { return [.. echoed]; } }
    }

    /// <summary>How many echoed answers <see cref="Echoed"/> keeps: a sandbox echoing for hours stays small.</summary>
    public const int EchoesKept = 100;

    internal void RecordEcho(string body)
    {
        lock (gate)
        {
            echoed.Enqueue(body);
            if (echoed.Count > EchoesKept)
                echoed.Dequeue();
        }
    }

    /// <summary>Takes one fault from <see cref="Remaining"/>; false when none is left.</summary>
    internal bool TryTake()
    {
        lock (gate)
        {
            if (remaining is 0)
                return false;
            remaining--;
            return true;
        }
    }

    /// <summary>One consistent view, so a request never mixes an old probability with new kinds.</summary>
    internal (double Probability, FaultKinds Kinds, TimeSpan Latency, string? PathContains) Snapshot()
    {
        lock (gate)
        {
            return (probability, kinds, latency, pathContains);
        }
    }
}

[Flags]
public enum FaultKinds
{
    None = 0,

    /// <summary>The answer comes late by <see cref="SandboxFaults.Latency"/>.</summary>
    Latency = 1,

    /// <summary>500 with a short JSON body, the API's own failure; nothing processed. (A gateway's 502 is <see cref="HtmlErrorPage"/>.)</summary>
    ServerError = 2,

    /// <summary>502 with a text/html page, as a proxy in front of the API sends; nothing processed.</summary>
    HtmlErrorPage = 4,

    /// <summary>The endpoint runs, then 200 with only the first half of its body.</summary>
    TruncatedJson = 8,

    /// <summary>The connection is aborted before the endpoint runs.</summary>
    DropConnection = 16,

    /// <summary>The endpoint runs (a buy is really charged), then the connection is aborted.</summary>
    DropAfterProcessing = 32,

    /// <summary>429 with Retry-After; nothing processed.</summary>
    RateLimited = 64,

    /// <summary>The endpoint runs (a buy is really charged), then 500 with a short JSON body replaces its answer.</summary>
    ServerErrorAfterProcessing = 128,

    /// <summary>
    /// 500 whose JSON body quotes the request back, its Authorization header (the API key) included, as a server with
    /// a debug error page does; nothing processed. Not part of <see cref="All"/>, which is how an honest provider or
    /// its proxy fails: asked for by name, to prove a client keeps a key it gets back out of its logs and files.
    /// </summary>
    EchoAuthorization = 256,

    All = Latency | ServerError | HtmlErrorPage | TruncatedJson | DropConnection | DropAfterProcessing | RateLimited
        | ServerErrorAfterProcessing,
}
