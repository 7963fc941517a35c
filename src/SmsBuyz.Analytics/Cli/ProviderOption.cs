using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>--provider NAME</c> of <c>report</c>, <c>export</c>, <c>status</c> and <c>orders</c>: only that provider's rows. The
/// name is the provider's as stored (<c>provider.name</c>, compared without case), or its base URL (or its
/// <c>Identity</c> setting, in any case when no key matches exactly); a name nothing is stored under is an error
/// listing the stored ones, not an empty result that reads as "no data".
/// </summary>
public static class ProviderOption
{
    public static Option<string?> Create() => new("--provider")
    {
        Description = "Only this provider's rows: its name as stored (e.g. smsbuyz) or its base URL; default every provider",
    };

    /// <summary>The stored provider <paramref name="name"/> names; null without a name (every provider).</summary>
    public static async Task<ProviderRef?> ResolveAsync(IServiceProvider services, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var known = await services.GetRequiredService<MarketReadModel>().ProvidersAsync(ct);
        return Resolve(name.Trim(), known);
    }

    public static ProviderRef Resolve(string name, IReadOnlyList<ProviderRef> known)
    {
        var byName = known.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 0 && Uri.TryCreate(name, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            byName = [.. known.Where(p => p.BaseUrl == ProviderKey.Of(url))];
        if (byName.Count == 0)
            byName = [.. known.Where(p => p.BaseUrl == name)]; // an Identity setting's key, stored as given
        if (byName.Count == 0) // typed as a person types it: demo-sandbox:SmsBuyz for demo-sandbox:smsbuyz
            byName = [.. known.Where(p => string.Equals(p.BaseUrl, name, StringComparison.OrdinalIgnoreCase))];
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new ConfigurationException(known.Count == 0
                ? $"--provider: '{name}' is not a stored provider; none is stored yet (a sweep stores its provider)"
                : $"--provider: '{name}' is not a stored provider; known: {string.Join(", ", known.Select(Describe))}"),
            _ => throw new ConfigurationException(
                $"--provider: '{name}' names {byName.Count} providers; give the base URL of one: {string.Join(", ", byName.Select(Describe))}"),
        };
    }

    private static string Describe(ProviderRef p) => $"{p.Name} ({p.BaseUrl})";
}
