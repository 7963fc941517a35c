using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddSmsBuyzApi(this IServiceCollection services)
    {
        services.AddSingleton(sp => RateLimitHandler.CreateLimiter(
            sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value.RequestsPerSecond));
        services.AddTransient<RateLimitHandler>();
        services.AddTransient<RequestCounter>();
        services.AddTransient(sp => new AttemptTimeoutHandler(TimeSpan.FromSeconds(
            sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value.TimeoutSeconds)));

        foreach (var name in new[] { SmsBuyzClient.ReadClientName, SmsBuyzClient.BuyClientName })
        {
            services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan)
                .AddHttpMessageHandler<RequestCounter>()
                .AddHttpMessageHandler<RateLimitHandler>()
                .AddHttpMessageHandler<AttemptTimeoutHandler>()
                // The Authorization header must never reach a log, at any level: the default loggers leak it
                // through their structured state, so they are replaced by one that logs no header at all.
                .RedactLoggedHeaders(_ => true)
                .RemoveAllLoggers()
                .AddLogger(sp => new ApiHttpLogger(sp.GetRequiredService<ILogger<ApiHttpLogger>>()));
        }
        services.AddSingleton<SmsBuyzClient>();
        return services;
    }
}
