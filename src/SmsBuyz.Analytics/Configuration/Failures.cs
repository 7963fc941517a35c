using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>A validation result from the failures of a list of checks (null: that check passed).</summary>
internal static class Failures
{
    public static ValidateOptionsResult Of(params string?[] failures)
    {
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
