using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace SmsBuyz.Analytics.Worker;

/// <summary>
/// HTTP basic authentication for a dashboard reachable from other machines. Both sides are hashed before a
/// constant-time compare, so neither the content nor the length of the secret leaks through timing.
/// </summary>
public sealed class BasicAuthFilter(string username, string password) : IDashboardAuthorizationFilter
{
    private readonly byte[] expected = Hash($"{username}:{password}");

    public bool Authorize(DashboardContext context) => Authorize(context.GetHttpContext());

    /// <summary>Also guards the same web host's <c>/metrics</c> and <c>/healthz</c> (<see cref="OpsEndpoints"/>).</summary>
    public bool Authorize(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && Matches(header["Basic ".Length..].Trim()))
            return true;
        // Without the challenge a browser never asks for the credentials.
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"SmsBuyz worker\", charset=\"UTF-8\"";
        return false;
    }

    private bool Matches(string encoded)
    {
        var decoded = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, decoded, out var length))
            return false;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(decoded.AsSpan(0, length)), expected);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
