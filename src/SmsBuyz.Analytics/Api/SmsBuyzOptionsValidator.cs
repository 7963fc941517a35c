using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Api;

/// <summary>Each failure names the configuration key, what it must be, and what it was.</summary>
internal sealed class SmsBuyzOptionsValidator : IValidateOptions<SmsBuyzOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsBuyzOptions o) => Failures.Of([.. Check(SmsBuyzOptions.Section, o)]);

    /// <param name="at">Where the provider is configured: <c>SmsBuyz</c> or <c>Providers:1</c>.</param>
    public static IEnumerable<string?> Check(string at, SmsBuyzOptions o) =>
    [
        o.Name.Length == 0 || NameIsUsable(o.Name)
            ? null : $"{at}:Name must be letters, digits, '.', '-' or '_' such as 5sim or smsbuyz-2 (got '{o.Name}')",
        Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null : $"{at}:BaseUrl must be an absolute http(s) URL such as https://smsbuyz.com/v1 (got '{o.BaseUrl}')",
        o.RequestsPerSecond is >= 0.1 and <= 1000
            ? null : $"{at}:RequestsPerSecond must be between 0.1 and 1000 (got {o.RequestsPerSecond})",
        o.TimeoutSeconds is >= 1 and <= 600
            ? null : $"{at}:TimeoutSeconds must be between 1 and 600 (got {o.TimeoutSeconds})",
        o.MaxReadRetries is >= 0 and <= 10
            ? null : $"{at}:MaxReadRetries must be between 0 and 10 (got {o.MaxReadRetries})",
        o.RetryDelaySeconds is >= 0.001 and <= 60
            ? null : $"{at}:RetryDelaySeconds must be between 0.001 and 60 (got {o.RetryDelaySeconds})",
        o.ApiKey.Length == o.ApiKey.Trim().Length && !o.ApiKey.Any(char.IsControl)
            ? null : $"{at}:ApiKey must not contain spaces or control characters at either end or inside",
    ];

    // A name is typed on the command line (--provider) and shown in CSV columns: no spaces, no separators.
    private static bool NameIsUsable(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
