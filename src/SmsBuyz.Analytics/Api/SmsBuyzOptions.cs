namespace SmsBuyz.Analytics.Api;

/// <summary>
/// A provider of the API family and the key of one account there: where the API is and how hard we may call it. The
/// <c>SmsBuyz</c> section is the default provider; each entry of the <c>Providers</c> list (<see cref="ProvidersOptions"/>)
/// is one more, with the same keys.
/// </summary>
public sealed class SmsBuyzOptions
{
    public const string Section = "SmsBuyz";

    /// <summary>The name of the <c>SmsBuyz</c> section's provider when it sets none.</summary>
    public const string DefaultName = "smsbuyz";

    /// <summary>
    /// What people call the provider (reports, logs, <c>--provider</c>). Optional in the <c>SmsBuyz</c> section
    /// (<see cref="DefaultName"/>), required in each <c>Providers</c> entry.
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>Base URL including the version segment, e.g. https://smsbuyz.com/v1.</summary>
    public string BaseUrl { get; set; } = "https://smsbuyz.com/v1";

    /// <summary>
    /// What the history knows the provider by, where its base URL is no lasting name for it: a provider that moved to a
    /// new address keeps its history under its old key (the old base URL), and the demo's sandboxes, on new ports every
    /// run, keep theirs. Empty (the default): the base URL, normalized (<see cref="ProviderKey"/>).
    /// </summary>
    public string Identity { get; set; } = "";

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

    /// <summary>The name given, trimmed, or <see cref="DefaultName"/>.</summary>
    public string ProviderName => Name.Trim() is { Length: > 0 } name ? name : DefaultName;

    /// <summary>
    /// The provider's key in the database (its <c>provider</c> row): <see cref="Identity"/>, or the base URL; either
    /// normalized when it is an http(s) URL, so <c>https://SMSBuyz.com/v1/</c> finds the history of <c>https://smsbuyz.com/v1</c>.
    /// </summary>
    public string Key => Identity.Trim() switch
    {
        { Length: 0 } => ProviderKey.Of(BaseUri),
        var url when Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" => ProviderKey.Of(uri),
        var identity => identity,
    };

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The base URL with exactly one trailing slash, so relative paths append to it.</summary>
    public Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/");
}
