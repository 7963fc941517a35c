using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>
    /// The provider and account rows; every configured provider entry (<see cref="ProviderSet"/>), the default one's
    /// identities also on their own; and whose an older database's rows are (the default provider's).
    /// </summary>
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddSingleton<IdentityStore>();
        services.AddSingleton(sp => new Identities(sp.GetRequiredService<IdentityStore>(), sp.GetRequiredService<SmsBuyzClient>(),
            sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value, sp.GetRequiredService<ILogger<Identities>>()));
        services.AddSingleton(ProviderSet.Build);
        services.AddSingleton(sp =>
        {
            var api = sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value;
            return new MigrationOwner(api.Key, api.ProviderName);
        });
        return services;
    }
}
