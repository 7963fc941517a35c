using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Worker.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// The sweeps' meters and health, both served by the dashboard's web host (Worker/OpsEndpoints), and the
    /// Prometheus exporter of the API client's and the stored state's meters.
    /// </summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<SweepMetrics>();
        services.AddSingleton<SweepHealth>();
        services.AddSingleton<StateGauges>();
        services.AddSingleton<BuyerGauge>();
        services.AddSingleton<SqliteMemoryGauge>();
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepMetrics>());
        services.AddSingleton<ISweepListener>(sp => sp.GetRequiredService<SweepHealth>());
        services.AddHostedService(sp => sp.GetRequiredService<SweepHealth>());
        services.AddSingleton<NativeMemoryTrim>();
        services.AddHostedService(sp => sp.GetRequiredService<NativeMemoryTrim>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ApiMetrics.MeterName)
            // .NET's own: GC heap and committed memory, working set, thread pool, exceptions (dotnet_* on /metrics).
            .AddMeter("System.Runtime")
            .AddInstrumentation(sp => sp.GetRequiredService<StateGauges>())
            .AddInstrumentation(sp => sp.GetRequiredService<BuyerGauge>())
            .AddInstrumentation(sp => sp.GetRequiredService<SqliteMemoryGauge>())
            .AddPrometheusExporter());
        return services;
    }
}
