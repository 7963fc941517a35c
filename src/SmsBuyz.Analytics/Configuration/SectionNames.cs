using Microsoft.Extensions.Configuration;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>A section of the configuration this app reads (registered by <see cref="SettingsRegistration"/>).</summary>
/// <param name="Check">Creates the section's options, checked and validated: an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> names what is wrong.</param>
public sealed record SettingsSection(string Name, Action<IServiceProvider> Check);

/// <summary>
/// A whole section under a misspelled name (<c>Monitr</c>, <c>Rule</c>) would be ignored with every setting in it.
/// Top-level names cannot all be refused (the environment adds PATH, HOME, ...), but a section a few letters away
/// from one this app reads is surely meant to be it.
/// </summary>
internal static class SectionNames
{
    public static IEnumerable<string> Misspelled(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        var known = sections.Select(s => s.Name).Append("Logging").ToHashSet(StringComparer.OrdinalIgnoreCase);
        return configuration.GetChildren()
            .Where(c => !known.Contains(c.Key) && c.GetChildren().Any())
            .Select(c => (c.Key, Hint: KeyHints.DidYouMean(c.Key, known)))
            .Where(c => c.Hint.Length > 0)
            .Select(c => $"{c.Key} is not a section this app reads{c.Hint}");
    }
}
