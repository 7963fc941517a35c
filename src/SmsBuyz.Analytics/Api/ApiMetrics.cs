using System.Diagnostics.Metrics;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// <c>smsbuyz_requests_total{endpoint, error_kind}</c>: every API call by its endpoint family (<c>guest/products</c>,
/// <c>user/check</c>: never one series per country, product or order) and how it ended (<c>none</c> = answered).
/// </summary>
public sealed class ApiMetrics
{
    /// <summary>The app's one meter; every instrument of ours is on it (Worker/Operations exports it).</summary>
    public const string MeterName = "SmsBuyz.Analytics";

    private readonly Counter<long> _requests;

    public ApiMetrics(IMeterFactory meters) => _requests = meters.Create(MeterName)
        .CreateCounter<long>("smsbuyz.requests", "{request}", "SmsBuyz API calls by endpoint and error kind (none = answered); retries inside one call are not counted apart");

    public void Called(string endpoint, ApiErrorKind? error) => _requests.Add(1,
        new KeyValuePair<string, object?>("endpoint", Family(endpoint)),
        new KeyValuePair<string, object?>("error_kind", error is { } kind ? ApiFailureHint.Label(kind.ToString()) : "none"));

    /// <summary><c>guest/products/ru/any</c> → <c>guest/products</c>; <c>user/check/123</c> → <c>user/check</c>.</summary>
    internal static string Family(string endpoint)
    {
        var parts = endpoint.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : endpoint;
    }
}
