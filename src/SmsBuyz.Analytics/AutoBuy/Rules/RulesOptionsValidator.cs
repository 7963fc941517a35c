using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

/// <summary>Runs at start and on every reload; a reload that fails keeps nothing running on half-valid rules.</summary>
internal sealed class RulesOptionsValidator(IOptionsMonitor<SmsBuyzOptions> api, IOptionsMonitor<ProvidersOptions> providers)
    : IValidateOptions<RulesOptions>
{
    public static readonly TimeSpan MinWatchInterval = TimeSpan.FromSeconds(5);

    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var configured = ProviderNames();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            failures.AddRange(Check($"Rules:{i}", options.Rules[i], names));
            failures.AddRange(UnknownProviders($"Rules:{i}", options.Rules[i], configured));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> UnknownProviders(string key, RuleOptions r, IReadOnlyList<string>? configured)
    {
        if (r.Providers.Any(string.IsNullOrWhiteSpace))
            yield return $"{key}:Providers must list provider names, or be left out for every provider";
        else if (configured is not null && r.Providers.FirstOrDefault(p => !configured.Contains(p.Trim(), StringComparer.OrdinalIgnoreCase)) is { } unknown)
            yield return $"{key}:Providers names '{unknown}', which is not a configured provider (configured: {string.Join(", ", configured)})";
    }

    /// <summary>The configured providers' names; null while their own settings fail (those failures are told with them).</summary>
    private List<string>? ProviderNames()
    {
        try
        {
            return [api.CurrentValue.ProviderName, .. providers.CurrentValue.Providers.Select(p => p.ProviderName)];
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Check(string key, RuleOptions r, HashSet<string> names)
    {
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Contains(':', StringComparison.Ordinal))
            yield return $"{key}:Name must be a non-empty name without ':' (got '{r.Name}')";
        else if (!names.Add(r.Name))
            yield return $"{key}:Name '{r.Name}' is used by two rules; names key the budgets";
        if (string.IsNullOrWhiteSpace(r.Product))
            yield return $"{key}:Product must name a product such as telegram";
        if (r.Countries.Count == 0 || r.Countries.Any(string.IsNullOrWhiteSpace) || (r.Countries.Contains(RuleOptions.AllCountries) && r.Countries.Count > 1))
            yield return $"{key}:Countries must list ISO codes or country names, or be [\"*\"] alone";
        foreach (var unknown in CountryCheck.UnknownCountries($"{key}:Countries", r.Countries))
            yield return unknown!;
        if (r.Operators.Any(string.IsNullOrWhiteSpace))
            yield return $"{key}:Operators must list operator names, or be [\"any\"]";
        if (r.MaxPrice is null && r.DropPercent is null && r.LowestInDays is null && !(r.Action == RuleAction.Notify && r.InStock))
            yield return $"{key}: set at least one price condition (MaxPrice, DropPercent or LowestInDays), or InStock on a Notify rule";
        if (r.MaxPrice is <= 0)
            yield return $"{key}:MaxPrice must be positive (got {r.MaxPrice})";
        if (r.DropPercent is <= 0 or >= 100)
            yield return $"{key}:DropPercent must be between 0 and 100, exclusive (got {r.DropPercent})";
        if (r.Window < TimeSpan.FromHours(1) || r.Window > TimeSpan.FromDays(365))
            yield return $"{key}:Window must be between 01:00:00 and 365.00:00:00 (got {r.Window})";
        if (r.LowestInDays is < 1 or > 365)
            yield return $"{key}:LowestInDays must be 1–365 (got {r.LowestInDays})";
        if (r.MinQty < 1)
            yield return $"{key}:MinQty must be at least 1 (got {r.MinQty})";
        if (r.MaxOrdersPerDay is < 1 || r.MaxOrdersTotal is < 1)
            yield return $"{key}:MaxOrdersPerDay and MaxOrdersTotal must be at least 1 when set";
        if (r.MaxSpendPerDay is <= 0)
            yield return $"{key}:MaxSpendPerDay must be positive (got {r.MaxSpendPerDay})";
        if (r.Cooldown < TimeSpan.Zero)
            yield return $"{key}:Cooldown must not be negative (got {r.Cooldown})";
        if (r.WatchInterval is { } w && w < MinWatchInterval)
            yield return $"{key}:WatchInterval must be at least 00:00:05 (got {w})";
        foreach (var failure in SmartRuleChecks.Check(key, r))
            yield return failure;
    }
}
