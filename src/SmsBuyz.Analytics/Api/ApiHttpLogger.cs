using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Logs each SmsBuyz exchange as method, path, status and time, and nothing else. It replaces the
/// HttpClientFactory's default loggers: their Trace "Request Headers" entry redacts only the formatted
/// message, while its structured state still carries the raw Authorization value (seen on 10.0.12), which
/// any structured log sink (JSON console, OpenTelemetry) would write out with the API key in it.
/// </summary>
internal sealed partial class ApiHttpLogger(ILogger<ApiHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
            return;
        var path = PathOf(request);
        LogExchange(logger, request.Method.Method, path, (int)response.StatusCode, elapsed.TotalMilliseconds);
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response,
        Exception exception, TimeSpan elapsed)
    {
        // The exception type only: handler messages are not ours to vouch for. Debug: the sweep's summary says it once.
        if (!logger.IsEnabled(LogLevel.Debug))
            return;
        var (path, error) = (PathOf(request), exception.GetType().Name);
        LogFailure(logger, request.Method.Method, path, error, elapsed.TotalMilliseconds);
    }

    private static string PathOf(HttpRequestMessage request) => request.RequestUri?.PathAndQuery ?? "";

    [LoggerMessage(Level = LogLevel.Debug, Message = "SmsBuyz {Method} {Path} answered {Status} in {ElapsedMs:0} ms")]
    private static partial void LogExchange(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SmsBuyz {Method} {Path} failed with {Error} after {ElapsedMs:0} ms")]
    private static partial void LogFailure(ILogger logger, string method, string path, string error, double elapsedMs);
}
