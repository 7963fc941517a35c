using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Something served on the dashboard's web host beside Hangfire's dashboard, under its login rules (<see cref="DashboardGuard"/>):
/// <c>/metrics</c> and <c>/healthz</c> (Worker/Operations), the page (Page/). Registered as a singleton of the worker's
/// services; the <see cref="DashboardServer"/> builds its web host with every part, so the worker knows none of them.
/// </summary>
public interface IDashboardPart
{
    /// <summary>What the part serves, to announce at start (<c>page</c> at <c>/</c>), in the order to announce them.</summary>
    IReadOnlyList<DashboardAddress> Addresses { get; }

    /// <summary>Services the part's endpoints need in the web host's own container (the worker's are the part's to hold).</summary>
    void AddServices(IServiceCollection services);

    void Map(WebApplication app, DashboardGuard guard);
}

/// <summary>A name for people (<c>metrics</c>) and the path it is served at.</summary>
public sealed record DashboardAddress(string Name, string Path);
