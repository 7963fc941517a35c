using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Providers;

/// <summary>
/// One configured provider entry (the <c>SmsBuyz</c> section, or one of the <c>Providers</c> list): its name, its
/// settings, its own client (own rate limit, timeouts, retries) and the account its key belongs to.
/// </summary>
/// <param name="Setting">Where it is configured, as messages name it: <c>SmsBuyz</c> or <c>Providers:0</c>.</param>
/// <param name="SweepsMarket">The first entry of its base URL: the provider's market is swept through it, once,
/// whatever the number of accounts configured there.</param>
public sealed record ProviderConnection(string Name, string Setting, SmsBuyzOptions Options, SmsBuyzClient Client, Identities Identities, bool SweepsMarket)
{
    public bool HasApiKey => Options.HasApiKey;

    /// <summary>Other entries are configured too: lines about this one name it (with one, they read as they always have).</summary>
    public bool OneOfSeveral { get; init; }

    public override string ToString() => Name;
}
