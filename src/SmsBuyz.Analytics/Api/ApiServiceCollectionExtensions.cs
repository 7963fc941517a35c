using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The <c>SmsBuyz</c> section and the <c>Providers</c> list, checked and validated; the default provider's client
    /// (<see cref="AddSmsBuyzClient"/>) and the pipelines of every listed provider (<see cref="ClientPipelines"/>). The list
    /// is read once here: a provider added while the worker runs is swept after a restart.
    /// </summary>
    public static IServiceCollection AddSmsBuyzApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SmsBuyzOptions, SmsBuyzOptionsValidator>(configuration, SmsBuyzOptions.Section);
        // The list sits at the root, as Rules does: bound from there, but only its own section is checked key by key.
        services.AddSettings<ProvidersOptions>(configuration, configuration.GetSection(ProvidersOptions.Section), typeof(List<SmsBuyzOptions>));
        services.AddSingleton<IValidateOptions<ProvidersOptions>, ProvidersOptionsValidator>();
        services.AddSmsBuyzClient();
        var listed = configuration.GetSection(ProvidersOptions.Section).GetChildren().Count();
        for (var n = 1; n <= listed; n++)
        {
            var index = n - 1;
            services.AddPipelines(ClientPipelines.Of(n), sp => sp.GetRequiredService<IOptions<ProvidersOptions>>().Value.Providers[index]);
        }
        return services;
    }

    /// <summary>
    /// The default provider's typed client on whatever <see cref="SmsBuyzOptions"/> are configured, with its read
    /// (retrying, rate-limited) and write (never retrying) pipelines.
    /// </summary>
    public static IServiceCollection AddSmsBuyzClient(this IServiceCollection services)
    {
        services.AddPipelines(ClientPipelines.Default, sp => sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value);
        services.AddTransient<RequestCounter>();
        // Polly logs every attempt and every retry, with the exception's stack trace, as warnings: one failing sweep
        // would print dozens. That detail is at Debug; what failed and why is told once per sweep (Market/Sweeps/SweepLog).
        services.Configure<TelemetryOptions>(o => o.SeverityProvider = _ => ResilienceEventSeverity.Debug);
        services.AddMetrics();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton(sp => new SmsBuyzClient(sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<SmsBuyzOptions>>().Value, ClientPipelines.Default, sp.GetRequiredService<ApiMetrics>()));
        return services;
    }

    /// <summary>One provider's two pipelines, each with its own limiter at the provider's rate: providers never wait for each other.</summary>
    private static void AddPipelines(this IServiceCollection services, ClientPipelines names, Func<IServiceProvider, SmsBuyzOptions> options)
    {
        // Reads share one limiter; buys and order actions have their own, at the same rate. A sweep starts every
        // part at once, so a buy queued behind it would wait for the whole sweep, its "sent" moment stamped long
        // before it left, and a cheap number gone meanwhile. Writes are a few a minute: their allowance barely adds.
        foreach (var key in new[] { names.Read, names.Write })
            services.AddKeyedSingleton(key, (sp, _) => RateLimitHandler.CreateLimiter(options(sp).RequestsPerSecond));

        // Outermost first. Retries wrap the rate limiter, so every attempt waits for its own token and is counted.
        var read = services.AddHttpClient(names.Read, http => http.Timeout = Timeout.InfiniteTimeSpan);
        read.AddResilienceHandler(names.Read, (pipeline, context) =>
        {
            var configured = options(context.ServiceProvider);
            // Backoff paces real network calls, so it waits in real time even when the app's clock is
            // simulated (tests, demo); Polly would otherwise take the TimeProvider registered in DI.
            pipeline.TimeProvider = TimeProvider.System;
            if (configured.MaxReadRetries > 0)
                pipeline.AddRetry(ReadRetry(configured));
        });
        Common(read, names.Read, options);
        // No resilience handler at all: buy, finish, cancel and ban are sent exactly once.
        Common(services.AddHttpClient(names.Write, http => http.Timeout = Timeout.InfiniteTimeSpan), names.Write, options);
    }

    private static void Common(IHttpClientBuilder client, string limiter, Func<IServiceProvider, SmsBuyzOptions> options) => client
        .AddHttpMessageHandler(sp => new RateLimitHandler(sp.GetRequiredKeyedService<System.Threading.RateLimiting.RateLimiter>(limiter)))
        .AddHttpMessageHandler<RequestCounter>()
        .AddHttpMessageHandler(sp => new AttemptTimeoutHandler(TimeSpan.FromSeconds(options(sp).TimeoutSeconds)))
        // The Authorization header must never reach a log, at any level: the default loggers leak it
        // through their structured state, so they are replaced by one that logs no header at all.
        .RedactLoggedHeaders(_ => true)
        .RemoveAllLoggers()
        .AddLogger(sp => new ApiHttpLogger(sp.GetRequiredService<ILogger<ApiHttpLogger>>()));

    /// <summary>
    /// Longest Retry-After a read waits for. Polly would honour "Retry-After: 3600" and hold the sweep (and its
    /// overlap gate) for an hour; instead that part fails as RateLimited and the next scheduled sweep is the retry.
    /// </summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    private static bool AsksToWaitTooLong(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter is { } after
        && (after.Delta ?? (after.Date - DateTimeOffset.UtcNow) ?? TimeSpan.Zero) > MaxRetryAfter;

    /// <summary>
    /// 5xx, 408, 429, connection failures and our per-attempt timeout are retried with exponential, jittered
    /// backoff; a Retry-After header (429/503) sets the wait instead. 4xx answers and oversized answers are final.
    /// </summary>
    private static HttpRetryStrategyOptions ReadRetry(SmsBuyzOptions options) => new()
    {
        MaxRetryAttempts = options.MaxReadRetries,
        Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(
            (HttpClientResiliencePredicates.IsTransient(args.Outcome) || args.Outcome.Exception is TimeoutException)
            // An oversized answer would be just as big the next time.
            && args.Outcome.Exception is not HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }
            && !AsksToWaitTooLong(args.Outcome.Result)),
    };
}
