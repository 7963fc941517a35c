using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>The provider and account rows, the configured provider and its account, and whose an older database's rows are.</summary>
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<Identities>();
        services.AddSingleton(sp => new MigrationOwner(
            ProviderKey.Of(sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value.BaseUri), Identities.ConfiguredName));
        return services;
    }
}
