using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Snapshots;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Configuration;

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

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o) => Failures.Of(
        !string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? null : $"Storage:Database must be a file path such as data/smsbuyz.db (got '{o.Database}')",
        o.BusyTimeoutSeconds is >= 0 and <= 3600
            ? null : $"Storage:BusyTimeoutSeconds must be between 0 and 3600 (got {o.BusyTimeoutSeconds})",
        o.MaxSizeMegabytes is >= 0 and <= 1_000_000
            ? null : $"Storage:MaxSizeMegabytes must be between 0 (no limit) and 1000000 (got {o.MaxSizeMegabytes})");
}

internal sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitorOptions o) => Failures.Of(
        [.. Names("Monitor:Countries", o.Countries, allowAll: false),
         .. CountryCheck.UnknownCountries("Monitor:Countries", o.Countries),
         .. Names("Monitor:Operators", o.Operators, allowAll: false),
         .. Names("Monitor:Products", o.Products, allowAll: true)]);

    private static IEnumerable<string?> Names(string key, List<string> values, bool allowAll)
    {
        for (var i = 0; i < values.Count; i++)
        {
            // Spaces around a name are forgiven (names are compared trimmed); inside one they would break the request path.
            var v = values[i];
            if (string.IsNullOrWhiteSpace(v) || v.Trim().Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '&' or '#'))
                yield return $"{key}:{i} must be a non-empty name without spaces, '/', '?', '&' or '#' (got '{v}')";
            else if (v.Trim() == MonitorOptions.All && !(allowAll && values.Count == 1))
                yield return allowAll
                    ? $"{key}: \"*\" (all) must be the only entry"
                    : $"{key}:{i}: \"*\" is not allowed here; list the values (the API has no way to enumerate them)";
        }
    }
}

/// <summary>Shared by the Monitor and Rules checks: every country must be one this app can name by ISO code.</summary>
internal static class CountryCheck
{
    public static IEnumerable<string?> UnknownCountries(string key, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(values[i]) && values[i] != MonitorOptions.All && !OfferNames.TryCountry(values[i], out _))
                yield return $"{key}:{i} '{values[i]}' is not a country this app knows; use {OfferNames.CountryHint}";
        }
    }
}

internal static class Failures
{
    public static ValidateOptionsResult Of(params string?[] failures)
    {
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
