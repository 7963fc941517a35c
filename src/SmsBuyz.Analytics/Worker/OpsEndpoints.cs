using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Worker;

/// <summary><c>/metrics</c> (Prometheus text) and <c>/healthz</c> on the dashboard's web host, under the dashboard's rules.</summary>
/// <param name="meters">The worker's meters, which the scrape endpoint exports.</param>
/// <param name="health">The sweeps' health, which <c>/healthz</c> reports.</param>
public sealed class OpsEndpoints(MeterProvider meters, SweepHealth health) : IDashboardPart
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IReadOnlyList<DashboardAddress> Addresses { get; } = [new("metrics", MetricsPath), new("health", HealthPath)];

    public void AddServices(IServiceCollection services)
    {
    }

    public void Map(WebApplication app, DashboardGuard guard)
    {
        app.Use(async (http, next) =>
        {
            var ours = http.Request.Path == MetricsPath || http.Request.Path == HealthPath;
            if (ours && !guard.Allows(http))
                return;
            if (http.Request.Path == HealthPath)
                await HealthAsync(http);
            else
                await next(http);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: MetricsPath, configureBranchedPipeline: null, optionsName: null);
    }

    private async Task HealthAsync(HttpContext http)
    {
        var report = await health.CheckAsync(http.RequestAborted);
        http.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(new
        {
            status = report.Healthy ? "healthy" : "unhealthy",
            reasons = report.Reasons,
            lastSuccess = report.LastSuccess,
        }, Json, http.RequestAborted);
    }
}
