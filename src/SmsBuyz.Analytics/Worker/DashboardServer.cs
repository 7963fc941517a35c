using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Hangfire's dashboard and the <see cref="IDashboardPart"/>s (the page, <c>/metrics</c>, <c>/healthz</c>) on their own
/// minimal Kestrel app inside the worker, so commands other than <c>run</c> and <c>demo</c> never open a port. Loopback
/// needs no login (local requests only); any other address requires basic auth.
/// </summary>
public sealed partial class DashboardServer(
    IOptions<DashboardOptions> options, HangfireStorage storage, IGlobalConfiguration hangfire, IEnumerable<IDashboardPart> parts,
    DashboardGuard guard, ILoggerFactory loggerFactory, ILogger<DashboardServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The address actually bound (with the real port when <c>Dashboard:Url</c> asked for port 0).</summary>
    public Uri? Url { get; private set; }

    /// <summary>Once started: what is served where, the parts' addresses and Hangfire's dashboard (<c>dashboard</c>).</summary>
    public IReadOnlyList<(string Name, Uri Url)> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var s = options.Value;
        if (!s.Enabled)
            return;
        var endpoint = DashboardEndpoint.TryParse(s.Url)!;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(endpoint.Address, endpoint.Port));
        builder.Services.AddRoutingCore();
        // Antiforgery tokens guard the dashboard's buttons against cross-site posts; keys need not outlive the process.
        builder.Services.AddAntiforgery();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddSingleton(loggerFactory);
        // The marker UseHangfireDashboard checks for; the storage itself is passed explicitly below.
        builder.Services.AddSingleton(hangfire);
        builder.Services.AddSingleton(DashboardRoutes.Routes);
        foreach (var part in parts)
            part.AddServices(builder.Services);
        app = builder.Build();
        foreach (var part in parts)
            part.Map(app, guard);
        // Hangfire's options of its dashboard page, spelled out beside ours (the Dashboard section, DashboardOptions).
        app.UseHangfireDashboard(endpoint.Path, new Hangfire.DashboardOptions
        {
            Authorization = s.HasCredentials ? [new BasicAuthFilter(s.Username, s.Password)] : [new LocalRequestsOnlyAuthorizationFilter()],
            DisplayStorageConnectionString = false,
            AppPath = null,
        }, storage.Storage);
        await app.StartAsync(cancellationToken);

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Url = new Uri(bound, endpoint.Path);
        // By path, so that the page at / (what people open) leads, whichever part registered first.
        Addresses = [.. parts.SelectMany(p => p.Addresses).Append(new DashboardAddress("dashboard", endpoint.Path))
            .OrderBy(a => a.Path, StringComparer.Ordinal).Select(a => (a.Name, new Uri(bound, a.Path)))];
        LogListening(string.Join(", ", Addresses.Select(a => $"{a.Name} on {a.Url}")));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
            await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
            await app.DisposeAsync();
    }

    [LoggerMessage(LogLevel.Information, "Serving {Addresses}")]
    private partial void LogListening(string addresses);
}
