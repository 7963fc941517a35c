namespace SmsBuyz.Analytics.Api;

/// <summary>The <c>SmsBuyz</c> section: where the API is and how hard we may call it.</summary>
public sealed class SmsBuyzOptions
{
    public const string Section = "SmsBuyz";

    /// <summary>Base URL including the version segment, e.g. https://smsbuyz.com/v1.</summary>
    public string BaseUrl { get; set; } = "https://smsbuyz.com/v1";

    /// <summary>Bearer token. Empty means guest endpoints only.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Client-side rate limit shared by every request this process sends.</summary>
    public double RequestsPerSecond { get; set; } = 10;

    /// <summary>Per-request timeout.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a read (GET of data) after a transient failure; buy, finish, cancel and ban never retry.</summary>
    public int MaxReadRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. A 429/503 Retry-After header wins.</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The base URL with exactly one trailing slash, so relative paths append to it.</summary>
    public Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/");
}
