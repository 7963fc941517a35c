namespace SmsBuyz.Analytics.Api;

/// <summary>
/// What an operator should look at after a failed request, in words: the cause as far as the error kind tells it
/// and where to look. Decided on the typed kind and the transport's own error code, never on message text.
/// </summary>
public static class ApiFailureHint
{
    /// <param name="host">Whom the request asked.</param>
    /// <param name="setting">Where that provider is configured: <c>SmsBuyz</c>, or <c>Providers:1</c> for a listed one.</param>
    public static string For(SmsBuyzApiException ex, string host, string setting = SmsBuyzOptions.Section) => ex.Kind switch
    {
        ApiErrorKind.Network => (ex.InnerException as HttpRequestException)?.HttpRequestError switch
        {
            // Offline is how many first meet this: the built-in sandbox needs no network.
            HttpRequestError.NameResolutionError => $"cannot resolve {host} — check DNS/connectivity; without internet, `demo` runs the worker against the built-in sandbox API",
            HttpRequestError.ConnectionError => $"cannot connect to {host} — check connectivity, a firewall or {setting}:BaseUrl",
            HttpRequestError.SecureConnectionError => $"TLS with {host} failed — check the system clock and CA certificates",
            HttpRequestError.ProxyTunnelError => $"the proxy refused the tunnel to {host} — check the proxy settings",
            _ => $"the connection to {host} failed or dropped — check connectivity",
        },
        ApiErrorKind.Timeout => $"{host} did not answer within {setting}:TimeoutSeconds — a slow network or a struggling API",
        ApiErrorKind.ServerError => $"{host} answered with a server error — a problem on their side; the next sweep retries",
        ApiErrorKind.GatewayError => $"a gateway in front of {host} could not reach it (502/504) — a problem on their side; the next sweep retries",
        ApiErrorKind.RateLimited => $"{host} asks us to slow down (429) — lower {setting}:RequestsPerSecond",
        ApiErrorKind.Unauthorized or ApiErrorKind.Forbidden => $"{host} rejected the API key — check {setting}:ApiKey",
        ApiErrorKind.NotFound => "not found (404) — check the names in Monitor:Countries, Operators and Products",
        ApiErrorKind.InvalidResponse => $"{host} answered with something other than the API's JSON — check {setting}:BaseUrl",
        ApiErrorKind.NoNumbers => "no numbers available right now",
        ApiErrorKind.InsufficientBalance => "the balance is too low — top up the account",
        _ => $"{host} refused the request (400)",
    };

    /// <summary>The kind as a log word and metric label: <c>ServerError</c> → <c>server_error</c>.</summary>
    public static string Label(string kind)
    {
        var label = new System.Text.StringBuilder(kind.Length + 4);
        foreach (var c in kind)
        {
            if (char.IsUpper(c) && label.Length > 0)
                label.Append('_');
            label.Append(char.ToLowerInvariant(c));
        }
        return label.ToString();
    }
}
