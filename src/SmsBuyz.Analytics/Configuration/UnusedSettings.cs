using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// Settings that are valid but have no effect with the provider chosen: a key of the other database, such as
/// <c>Storage:Database</c> from the shipped appsettings.json once the environment sets <c>Storage:Provider</c> to
/// PostgreSql. The layers cannot take a key away (an environment variable cannot remove one), so such a key is never
/// refused, only said once, at Information, by the part that chose the provider, when it is first used.
/// </summary>
public static partial class UnusedSettings
{
    /// <param name="section">The raw section: only it tells a key that is set from one left at its default.</param>
    /// <param name="keys">The keys of <paramref name="section"/> that the provider in use ignores.</param>
    /// <param name="why">Why, e.g. "SQLite settings; Storage:Provider is PostgreSql".</param>
    public static void Tell(ILogger logger, IConfigurationSection section, IEnumerable<string> keys, string why)
    {
        var set = keys.Where(key => !string.IsNullOrEmpty(section[key])).Select(key => $"{section.Path}:{key}").ToList();
        if (set.Count > 0)
            LogUnused(logger, string.Join(", ", set), why);
    }

    [LoggerMessage(LogLevel.Information, "Not used: {Keys} ({Why})")]
    private static partial void LogUnused(ILogger logger, string keys, string why);
}
