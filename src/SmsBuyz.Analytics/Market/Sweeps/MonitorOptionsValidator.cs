using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Market.Sweeps;

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
