using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Account;

public static class AccountServiceCollectionExtensions
{
    /// <summary>Orders, SMS and payments as stored, the open orders, and the delivery record of each offer drawn from them.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddSingleton<AccountStore>();
        services.AddSingleton<DeliveryReader>();
        services.AddSingleton<OpenOrders>();
        return services;
    }
}
