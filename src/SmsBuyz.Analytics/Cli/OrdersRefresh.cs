using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// The orders as each provider has them now, stored under each configured key's account (its profile read first),
/// before <c>status</c> counts them and <c>orders</c> lists them: an order finished, cancelled or expired at the provider
/// since the last sweep is not open any more in either. The accounts are asked at once; one out of reach leaves the
/// others refreshed. Without a key, or with the API out of reach, what is stored is shown, and the command says so.
/// </summary>
internal static class OrdersRefresh
{
    public static async Task RunAsync(IServiceProvider services, TextWriter stderr, CancellationToken ct)
    {
        var providers = services.GetRequiredService<ProviderSet>();
        var store = services.GetRequiredService<AccountStore>();
        var failures = await Task.WhenAll(providers.All.Where(p => p.HasApiKey).Select(async provider =>
        {
            try
            {
                var account = await provider.Identities.AccountAsync(ct);
                await store.UpsertOrdersAsync(account, await provider.Client.GetAllOrdersAsync("activation", ct), ct);
                return null;
            }
            catch (SmsBuyzApiException ex)
            {
                return (Provider: provider, ex.Kind) as (ProviderConnection Provider, ApiErrorKind Kind)?;
            }
        }));
        foreach (var (provider, kind) in failures.OfType<(ProviderConnection, ApiErrorKind)>())
            await NotRefreshedAsync(stderr, kind, provider.OneOfSeveral ? provider.Name : null);
    }

    /// <param name="provider">Whose orders, when several providers are configured.</param>
    public static Task NotRefreshedAsync(TextWriter stderr, ApiErrorKind kind, string? provider = null) =>
        stderr.WriteLineAsync($"note: could not refresh {(provider is null ? "" : provider + "'s ")}orders ({kind}); showing what is stored");
}
