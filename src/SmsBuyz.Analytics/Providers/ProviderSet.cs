using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Providers;

/// <summary>
/// Every configured provider entry, the <c>SmsBuyz</c> section's first (<see cref="Default"/>: the one the buyer and
/// the account commands use unless told otherwise), then the <c>Providers</c> list's in order.
/// </summary>
public sealed class ProviderSet
{
    private ProviderSet(IReadOnlyList<ProviderConnection> all) => All = all;

    public IReadOnlyList<ProviderConnection> All { get; }

    public ProviderConnection Default => All[0];

    public bool HasApiKey => All.Any(c => c.HasApiKey);

    /// <summary>More than one provider (not only more accounts at one): offers and buys then say where they are.</summary>
    public bool SeveralProviders => All.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1;

    /// <summary>The entries through which each provider's market is swept and read: one per provider, in configured order.</summary>
    public IEnumerable<ProviderConnection> Markets => All.Where(c => c.SweepsMarket);

    /// <summary>How an offer of <paramref name="connection"/>'s provider names it: null with a single provider, as lines always read.</summary>
    public string? Label(ProviderConnection connection) => SeveralProviders ? connection.Name : null;

    /// <summary>The market entry of the provider an offer's <see cref="Label"/> names (null: the default's).</summary>
    public ProviderConnection MarketOf(string? label) => label is null ? Default
        : Markets.FirstOrDefault(c => string.Equals(c.Name, label, StringComparison.OrdinalIgnoreCase))
          ?? throw new ArgumentException($"no configured provider is named '{label}'", nameof(label));

    /// <summary>The default entry from the services (its client and identities are the ones every slice gets), the listed ones made here.</summary>
    internal static ProviderSet Build(IServiceProvider services)
    {
        var first = services.GetRequiredService<IOptions<SmsBuyzOptions>>().Value;
        var all = new List<ProviderConnection>
        {
            new(first.ProviderName, SmsBuyzOptions.Section, first, services.GetRequiredService<SmsBuyzClient>(), services.GetRequiredService<Identities>(), SweepsMarket: true),
        };
        var listed = services.GetRequiredService<IOptions<ProvidersOptions>>().Value.Providers;
        for (var n = 1; n <= listed.Count; n++)
        {
            var options = listed[n - 1];
            var client = new SmsBuyzClient(services.GetRequiredService<IHttpClientFactory>(), options, ClientPipelines.Of(n),
                services.GetRequiredService<ApiMetrics>(), listedAs: options.ProviderName);
            var identities = new Identities(services.GetRequiredService<IdentityStore>(), client, options,
                services.GetRequiredService<ILogger<Identities>>());
            var key = options.Key;
            all.Add(new(options.ProviderName, $"{ProvidersOptions.Section}:{n - 1}", options, client, identities, SweepsMarket: all.All(c => c.Options.Key != key)));
        }
        return new ProviderSet(all.Count == 1 ? all : [.. all.Select(c => c with { OneOfSeveral = true })]);
    }
}
