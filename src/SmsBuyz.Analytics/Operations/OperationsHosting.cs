using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Snapshots;

namespace SmsBuyz.Analytics.Operations;

/// <summary>
/// Running it as a service: quiet logs by default, systemd integration, metrics and health. The logging defaults
/// are set here in code, so a <c>--config</c> file without a Logging section (or no file at all, as with the .NET
/// tool) is exactly as quiet as the bundled appsettings.json; a Logging section still overrides any of them.
/// </summary>
public static class OperationsHosting
{
    public static void ConfigureHost(HostApplicationBuilder builder)
    {
        // HttpClientFactory logs every request at Information, ASP.NET Core (the dashboard, the sandbox) every
        // request too; what a worker's log is for is said by our own categories. Polly's events are Debug already.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // Order matters: each of these is overridden by the next, and the Logging:Console section (bound by
        // AddConsole) comes last, so Logging:Console:FormatterName json or systemd still wins.
        builder.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            o.FormatterName = ConsoleFormatterNames.Simple; // without a name the provider drops SingleLine below
            o.LogToStandardErrorThreshold = LogLevel.Trace; // logs on stderr; stdout carries what a command prints
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // Started by systemd: Type=notify (READY=1 once started, STOPPING=1 on stop) and journald's level prefixes.
        // A no-op anywhere else.
        builder.Services.AddSystemd();
        builder.Logging.AddConsole();
    }

    /// <summary>
    /// The sweeps' diary, meters and health (the latter two served by the dashboard's web host), the Prometheus
    /// exporter, and the closing of sweeps a killed process left open.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<InterruptedSweeps>();
        services.AddSingleton<SweepLog>();
        services.AddSingleton<SweepMetrics>();
        services.AddSingleton<SweepHealth>();
        services.AddSingleton<StateGauges>();
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepLog>());
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepMetrics>());
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepHealth>());
        services.AddHostedService(sp => sp.GetRequiredService<SweepHealth>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ApiMetrics.MeterName)
            .AddInstrumentation(sp => sp.GetRequiredService<StateGauges>())
            .AddPrometheusExporter());
        return services;
    }
}
