using Microsoft.Extensions.Configuration;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>A key the check refused, and why.</summary>
internal sealed record SettingProblem(string Path, string Message)
{
    /// <summary>The key itself or a key inside it.</summary>
    public bool Covers(string key) => key.Equals(Path, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(Path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a validator's failure (which names its key first) speaks of this key, a key inside it or the whole it
    /// belongs to: then it judged the default that stood in for the refused value, and would only mislead.
    /// </summary>
    public bool Explains(string failure)
    {
        var key = failure.Split(' ', 2)[0].TrimEnd(':');
        return key.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)
            && (Covers(key) || Path.StartsWith(key + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));
    }
}
