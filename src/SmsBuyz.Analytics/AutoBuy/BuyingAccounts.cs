using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>Every configured account's buying side (<see cref="BuyingAccount"/>), in the order of <see cref="ProviderSet.All"/>.</summary>
public sealed class BuyingAccounts
{
    private BuyingAccounts(ProviderSet providers, IReadOnlyList<BuyingAccount> all) => (Providers, All) = (providers, all);

    public ProviderSet Providers { get; }

    public IReadOnlyList<BuyingAccount> All { get; }

    /// <summary>The <c>SmsBuyz</c> section's account: the <c>cancel</c>, <c>finish</c> and <c>ban</c> commands' unless told otherwise.</summary>
    public BuyingAccount Default => All[0];

    /// <summary>
    /// The accounts of <paramref name="among"/> that may buy an offer of the provider <paramref name="label"/> names
    /// (null: the only provider): live, those with an API key; a dry run without one at the provider reserves for none.
    /// </summary>
    public IReadOnlyList<BuyingAccount> At(string? label, AutoBuyMode mode, IEnumerable<BuyingAccount> among)
    {
        var provider = Providers.MarketOf(label).Name;
        var there = among.Where(a => string.Equals(a.Provider, provider, StringComparison.OrdinalIgnoreCase)).ToList();
        var keyed = there.Where(a => a.Connection.HasApiKey).ToList();
        return keyed.Count > 0 || mode == AutoBuyMode.Live ? keyed : [.. there.Take(1)];
    }

    /// <summary>Why an offer of the provider <paramref name="label"/> names cannot be bought: no account there may buy (live).</summary>
    public static string NoneCanBuy(string? label) => label is null ? "live buying needs SmsBuyz:ApiKey"
        : $"no account at {label} can buy now (live buying needs its ApiKey, and its profile read)";

    /// <summary>The first configured account at the provider named <paramref name="provider"/>; null when none is.</summary>
    public BuyingAccount? Named(string provider) =>
        All.FirstOrDefault(a => string.Equals(a.Provider, provider.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static BuyingAccounts Build(IServiceProvider services)
    {
        var providers = services.GetRequiredService<ProviderSet>();
        return new BuyingAccounts(providers, [.. providers.All.Select(connection =>
        {
            var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(services, connection.Client);
            return new BuyingAccount(connection, reconciler,
                ActivatorUtilities.CreateInstance<BuySender>(services, connection.Client, reconciler),
                ActivatorUtilities.CreateInstance<OrderTracker>(services, connection.Client));
        })]);
    }
}

/// <summary>
/// What one buying step may buy with: the worker's buyer term (fences each reservation and send on PostgreSQL; null on
/// SQLite and for the user's own <c>buy</c> command) and the accounts settled for buying (<see cref="BuyerStart"/>).
/// </summary>
public sealed record BuyTurn(BuyerTerm? Term, IReadOnlyList<BuyingAccount> Accounts);
