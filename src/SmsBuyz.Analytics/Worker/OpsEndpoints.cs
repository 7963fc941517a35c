using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// <c>/metrics</c> (Prometheus text) and <c>/healthz</c> on the dashboard's web host, under the dashboard's rules:
/// with <c>Dashboard:Username</c>/<c>Password</c> set, basic auth; without, requests from this machine only (the
/// address is then loopback, which the settings validator insists on).
/// </summary>
public static class OpsEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="app">The dashboard's own web app.</param>
    /// <param name="services">The worker's services, which hold the meters, the sweeps' health and the database.</param>
    public static void Map(WebApplication app, IServiceProvider services, DashboardOptions options)
    {
        var guard = options.HasCredentials ? new BasicAuthFilter(options.Username, options.Password) : null;
        app.Use(async (http, next) =>
        {
            var ours = http.Request.Path == MetricsPath || http.Request.Path == HealthPath;
            if (ours && !(guard?.Authorize(http) ?? IsLocal(http.Connection)))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            if (http.Request.Path == HealthPath)
                await HealthAsync(http, services.GetRequiredService<SweepHealth>());
            else
                await next(http);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(services.GetRequiredService<MeterProvider>(),
            predicate: null, path: MetricsPath, configureBranchedPipeline: null, optionsName: null);
    }

    private static async Task HealthAsync(HttpContext http, SweepHealth health)
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

    // As Hangfire's LocalRequestsOnlyAuthorizationFilter decides for the dashboard's own pages.
    private static bool IsLocal(ConnectionInfo connection) => connection.RemoteIpAddress is { } remote
        && (IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress));
}
