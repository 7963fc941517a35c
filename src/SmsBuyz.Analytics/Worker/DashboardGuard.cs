using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// Who may see what the dashboard's web host serves, Hangfire's dashboard aside (it takes the same decision through its
/// own filters, see <see cref="DashboardServer"/>): with <c>Dashboard:Username</c>/<c>Password</c> set, basic auth;
/// without, requests from this machine only (the address is then loopback, which the settings validator insists on).
/// </summary>
public sealed class DashboardGuard(IOptions<DashboardOptions> options)
{
    private readonly BasicAuthFilter? basic = options.Value.HasCredentials ? new(options.Value.Username, options.Value.Password) : null;

    /// <summary>True when the request may pass; else the response is a 401 (with the basic-auth challenge when there is a login).</summary>
    public bool Allows(HttpContext http)
    {
        if (basic?.Authorize(http) ?? IsLocal(http.Connection))
            return true;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return false;
    }

    // As Hangfire's LocalRequestsOnlyAuthorizationFilter decides for the dashboard's own pages.
    private static bool IsLocal(ConnectionInfo connection) => connection.RemoteIpAddress is { } remote
        && (IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress));
}
