using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// The <c>Logging</c> section keeps the framework's rules, but a level it cannot read (<c>"Verbose"</c>) makes the
/// framework throw while the host is built, with a stack trace and no key named: checked here first, like any setting.
/// </summary>
internal static class LogLevels
{
    public static IEnumerable<string> Unfit(IConfiguration configuration)
    {
        var logging = configuration.GetSection("Logging");
        var levels = logging.GetSection("LogLevel").GetChildren()
            .Concat(logging.GetChildren().SelectMany(provider => provider.GetSection("LogLevel").GetChildren()));
        return levels
            .Where(l => l.Value is not null && !Enum.TryParse<LogLevel>(l.Value, ignoreCase: true, out _))
            .Select(l => $"{l.Path} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())} (got '{l.Value}')");
    }
}
