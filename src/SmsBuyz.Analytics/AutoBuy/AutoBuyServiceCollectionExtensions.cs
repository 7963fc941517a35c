using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Configuration;

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
        // The Rules array sits at the root: bound from there, but only its own section is checked key by key.
        services.AddSettings<RulesOptions>(configuration, configuration.GetSection(RulesOptions.Section), typeof(List<RuleOptions>));
        services.AddSingleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>();
        services.AddSettings<AutoBuyOptions, AutoBuyOptionsValidator>(configuration, AutoBuyOptions.Section);
        services.AddSettings<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.Section);
        services.AddHttpClient(WebhookSender.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10));

        services.AddSingleton<MarketReader>();
        services.AddSingleton<Backtester>();
        services.AddSingleton<IntentStore>();
        services.AddSingleton<KillSwitch>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<OrderMatcher>();
        // Each account's reconciler, sender and tracker (BuyingAccount): one set per configured account, never shared.
        services.AddSingleton(BuyingAccounts.Build);
        services.AddSingleton<Buyer>();
        services.AddSingleton<WatchPoller>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertWatcher>();
        // The engine's parts: one instance each, since each keeps its own state from step to step.
        services.AddSingleton<RulesInForce>();
        services.AddSingleton<RuleDecider>();
        services.AddSingleton<RuleRunner>();
        services.AddSingleton<MarketRound>();
        services.AddSingleton<WatchRound>();
        services.AddSingleton<RetryRound>();
        services.AddSingleton<RuleRounds>();
        services.AddSingleton<BuyerStart>();
        services.AddSingleton<KillSwitchAnnouncer>();
        services.AddSingleton<AutoBuyEngine>();
        services.AddSingleton<BuyerLease>();
        services.AddHostedService<AutoBuyService>();
        // One sender for both roles: the worker's hosted service, and what a command calls to deliver before it exits.
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }
}
