using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Api;

/// <summary>Each failure names the configuration key, what it must be, and what it was.</summary>
internal sealed class SmsBuyzOptionsValidator : IValidateOptions<SmsBuyzOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsBuyzOptions o) => Failures.Of(
        Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null : $"SmsBuyz:BaseUrl must be an absolute http(s) URL such as https://smsbuyz.com/v1 (got '{o.BaseUrl}')",
        o.RequestsPerSecond is >= 0.1 and <= 1000
            ? null : $"SmsBuyz:RequestsPerSecond must be between 0.1 and 1000 (got {o.RequestsPerSecond})",
        o.TimeoutSeconds is >= 1 and <= 600
            ? null : $"SmsBuyz:TimeoutSeconds must be between 1 and 600 (got {o.TimeoutSeconds})",
        o.MaxReadRetries is >= 0 and <= 10
            ? null : $"SmsBuyz:MaxReadRetries must be between 0 and 10 (got {o.MaxReadRetries})",
        o.RetryDelaySeconds is >= 0.001 and <= 60
            ? null : $"SmsBuyz:RetryDelaySeconds must be between 0.001 and 60 (got {o.RetryDelaySeconds})",
        o.ApiKey.Length == o.ApiKey.Trim().Length && !o.ApiKey.Any(char.IsControl)
            ? null : "SmsBuyz:ApiKey must not contain spaces or control characters at either end or inside");
}
