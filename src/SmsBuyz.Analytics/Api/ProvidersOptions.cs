namespace SmsBuyz.Analytics.Api;

/// <summary>
/// The <c>Providers</c> list at the root of the settings: more providers of the API family, or more accounts at one,
/// each with the keys of the <c>SmsBuyz</c> section and a <c>Name</c>. The <c>SmsBuyz</c> section stays the default
/// provider, so a configuration without this list works as it always has. Entries with the same base URL are accounts
/// of one provider: its market is swept once, each account's orders and payments with its own key.
/// </summary>
public sealed class ProvidersOptions
{
    public const string Section = "Providers";

    public List<SmsBuyzOptions> Providers { get; set; } = [];
}
