using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// The rules in force. An edit of appsettings.json that fails validation is refused (logged once, naming the keys) and
/// the last valid rules keep running; the first valid edit after it takes over.
/// </summary>
public sealed partial class RulesInForce(IOptionsMonitor<RulesOptions> rules, ILogger<RulesInForce> logger)
{
    private IReadOnlyList<RuleOptions> _rules = [];

    /// <summary>Why the last edit was refused, while it still is: the same refusal is logged once.</summary>
    private string? _refused;

    public IReadOnlyList<RuleOptions> Current()
    {
        try
        {
            _rules = rules.CurrentValue.Rules;
            _refused = null;
        }
        catch (OptionsValidationException ex)
        {
            var why = string.Join("; ", ex.Failures);
            if (why != _refused)
                LogRefused(why);
            _refused = why;
        }
        return _rules;
    }

    /// <summary>The rule of that name in force now, if any.</summary>
    public RuleOptions? Find(string name) =>
        Current().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(LogLevel.Error, "Edited rules refused, the previous rules stay in force: {Failures}")]
    private partial void LogRefused(string failures);
}
