using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// The orders as the provider has them now, stored under the API key's account (its profile read first) before
/// <c>status</c> counts them and <c>orders</c> lists them: an order finished, cancelled or expired at the provider since
/// the last sweep is not open any more in either. Without a key, or with the API out of reach, both show what is stored,
/// and say so.
/// </summary>
internal static class OrdersRefresh
{
    public static async Task RunAsync(IServiceProvider services, TextWriter stderr, CancellationToken ct)
    {
        var client = services.GetRequiredService<SmsBuyzClient>();
        if (!client.HasApiKey)
            return;
        try
        {
            var account = await services.GetRequiredService<Identities>().AccountAsync(ct);
            await services.GetRequiredService<AccountStore>().UpsertOrdersAsync(account, await client.GetAllOrdersAsync("activation", ct), ct);
        }
        catch (SmsBuyzApiException ex)
        {
            await NotRefreshedAsync(stderr, ex.Kind);
        }
    }

    public static Task NotRefreshedAsync(TextWriter stderr, ApiErrorKind kind) =>
        stderr.WriteLineAsync($"note: could not refresh orders ({kind}); showing what is stored");
}
