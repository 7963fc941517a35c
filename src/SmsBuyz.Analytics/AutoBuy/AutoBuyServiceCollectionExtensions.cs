using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Rules;

namespace SmsBuyz.Analytics.AutoBuy;

public static class AutoBuyServiceCollectionExtensions
{
    /// <summary>
    /// Rules, auto-buy and notifications. Options are read through <see cref="IOptionsMonitor{TOptions}"/>, so an
    /// edited appsettings.json takes effect at the next step; a change that fails validation is refused (the monitor
    /// throws, the step logs it) rather than half-applied. The loop and the webhook run only inside a started host.
    /// </summary>
    public static IServiceCollection AddAutoBuy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RulesOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>();
        services.AddOptions<AutoBuyOptions>().Bind(configuration.GetSection(AutoBuyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AutoBuyOptions>, AutoBuyOptionsValidator>();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddHttpClient(WebhookSender.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10));

        services.AddSingleton<MarketReader>();
        services.AddSingleton<Backtester>();
        services.AddSingleton<IntentStore>();
        services.AddSingleton<KillSwitch>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<Reconciler>();
        services.AddSingleton<Buyer>();
        services.AddSingleton<OrderTracker>();
        services.AddSingleton<WatchPoller>();
        services.AddSingleton<AutoBuyEngine>();
        services.AddHostedService<AutoBuyService>();
        // One sender for both roles: the worker's hosted service, and what a command calls to deliver before it exits.
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
