using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Each <c>Providers</c> entry as the <c>SmsBuyz</c> section is checked, plus what makes the list one set of providers:
/// every entry named, no name twice, one name per provider (its base URL, or its <c>Identity</c>), and no account configured
/// twice.
/// </summary>
internal sealed class ProvidersOptionsValidator(IOptionsMonitor<SmsBuyzOptions> api) : IValidateOptions<ProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvidersOptions options)
    {
        var failures = new List<string?>();
        var seen = new List<(string At, SmsBuyzOptions Options)>();
        if (Default() is { } first)
            seen.Add((SmsBuyzOptions.Section, first));
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var at = $"{ProvidersOptions.Section}:{i}";
            var entry = options.Providers[i];
            failures.AddRange(SmsBuyzOptionsValidator.Check(at, entry));
            if (entry.Name.Trim().Length == 0)
                failures.Add($"{at}:Name is required: what reports and --provider call this provider, such as 5sim");
            else if (SmsBuyzOptionsValidator.Check(at, entry).All(f => f is null))
                failures.AddRange(seen.Select(other => Clash(at, entry, other.At, other.Options)));
            seen.Add((at, entry));
        }
        return Failures.Of([.. failures]);
    }

    private static string? Clash(string at, SmsBuyzOptions entry, string otherAt, SmsBuyzOptions other)
    {
        var sameName = string.Equals(entry.ProviderName, other.ProviderName, StringComparison.OrdinalIgnoreCase);
        var sameProvider = entry.Key == other.Key;
        return (sameName, sameProvider) switch
        {
            (true, true) when entry.ApiKey.Trim() == other.ApiKey.Trim() =>
                $"{at} configures the same account as {otherAt} ({entry.BaseUrl}, the same ApiKey): remove one",
            (true, false) =>
                $"{at}:Name '{entry.Name}' is also {otherAt}'s, at another {KeyName(entry, other)} ({KeyOf(other)}): give each provider its own name",
            (false, true) =>
                $"{at}:{KeyName(entry, other)} is {otherAt}'s provider, named '{other.ProviderName}' there: accounts at one provider share its name (got '{entry.Name}')",
            _ => null,
        };
    }

    /// <summary>What tells the two providers apart: their base URLs, unless either sets an <c>Identity</c>.</summary>
    private static string KeyName(SmsBuyzOptions entry, SmsBuyzOptions other) =>
        HasIdentity(entry) || HasIdentity(other) ? nameof(SmsBuyzOptions.Identity) : nameof(SmsBuyzOptions.BaseUrl);

    private static string KeyOf(SmsBuyzOptions options) => HasIdentity(options) ? options.Identity.Trim() : options.BaseUrl;

    private static bool HasIdentity(SmsBuyzOptions options) => options.Identity.Trim().Length > 0;

    private SmsBuyzOptions? Default()
    {
        try
        {
            return api.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            return null; // the SmsBuyz section's own failures are told with it
        }
    }
}
