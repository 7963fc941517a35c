using System.Net;

namespace SmsBuyz.Analytics.Worker;

/// <summary><c>Dashboard:Url</c> taken apart: the address to listen on and the path to serve.</summary>
public sealed record DashboardEndpoint(IPAddress Address, int Port, string Path)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>Null when the URL is not http://HOST:PORT/PATH with an IP address or localhost as HOST.</summary>
    public static DashboardEndpoint? TryParse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.Query.Length > 0)
            return null;
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length == 0)
            return null;
        var address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
        return address is null ? null : new DashboardEndpoint(address, uri.Port, path);
    }
}
