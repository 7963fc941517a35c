using System.Net;

namespace SmsBuyz.Analytics.Api;

public enum ApiErrorKind
{
    /// <summary>401: missing or malformed Authorization header.</summary>
    Unauthorized,
    /// <summary>403: invalid API token.</summary>
    Forbidden,
    /// <summary>400 saying the balance is too low.</summary>
    InsufficientBalance,
    /// <summary>400 for anything else: missing parameter, invalid state transition.</summary>
    BadRequest,
    NotFound,
    /// <summary>503, or a body such as "no free phones": no numbers right now.</summary>
    NoNumbers,
    RateLimited,
    /// <summary>500 and other 5xx from the API itself: it answered, so it is done with the request.</summary>
    ServerError,
    /// <summary>
    /// 502, 504, or a CDN's 520–524: the answer of a proxy in front of the API, not of the API. The API may still be
    /// working on the request (a gateway timeout means exactly that), so for a buy it counts as a lost answer.
    /// </summary>
    GatewayError,
    Timeout,
    /// <summary>The connection failed or dropped: whether the server acted is unknown.</summary>
    Network,
    /// <summary>A 2xx whose body is not the JSON we expected (HTML page, truncated JSON, plain text).</summary>
    InvalidResponse,
}

/// <summary>
/// A typed API failure. The message names the endpoint path and a short, key-free excerpt of the body;
/// it never contains the API key (the key only travels in the Authorization header, and body excerpts
/// are scrubbed of it).
/// </summary>
/// <param name="provider">Who answered, as messages name it; SmsBuyz unless a listed provider's client says otherwise.</param>
public sealed class SmsBuyzApiException(
    ApiErrorKind kind, string endpoint, HttpStatusCode? status, string? bodyExcerpt, Exception? inner = null, string provider = "SmsBuyz")
    : Exception(Describe(provider, kind, endpoint, status, bodyExcerpt), inner)
{
    public ApiErrorKind Kind { get; } = kind;
    public string Endpoint { get; } = endpoint;
    public HttpStatusCode? StatusCode { get; } = status;
    public string? BodyExcerpt { get; } = bodyExcerpt;

    /// <summary>Worth trying again later (for reads): the request itself was fine.</summary>
    public bool IsTransient => Kind is ApiErrorKind.RateLimited or ApiErrorKind.ServerError or ApiErrorKind.GatewayError
        or ApiErrorKind.Timeout or ApiErrorKind.Network or ApiErrorKind.NoNumbers or ApiErrorKind.InvalidResponse;

    /// <summary>Credentials are wrong: stop and tell the user rather than retry.</summary>
    public bool IsAuthFailure => Kind is ApiErrorKind.Unauthorized or ApiErrorKind.Forbidden;

    /// <summary>
    /// For a non-idempotent call (buy): the request may have been processed although we saw a failure,
    /// so the outcome must be reconciled before anything else is bought.
    /// </summary>
    public bool OutcomeUnknown => Kind is ApiErrorKind.Timeout or ApiErrorKind.Network or ApiErrorKind.GatewayError
        or ApiErrorKind.ServerError or ApiErrorKind.InvalidResponse;

    /// <summary>
    /// No answer from the API itself came back: the request timed out, the connection dropped, or a gateway in front
    /// of the API answered instead (502/504) while the API behind it may still be working on the request.
    /// </summary>
    public static bool IsLostAnswer(ApiErrorKind kind) => kind is ApiErrorKind.Timeout or ApiErrorKind.Network or ApiErrorKind.GatewayError;

    /// <summary>The same failure, told as <paramref name="provider"/>'s (the typed fields and the cause unchanged).</summary>
    public SmsBuyzApiException At(string provider) => new(Kind, Endpoint, StatusCode, BodyExcerpt, InnerException, provider);

    private static string Describe(string provider, ApiErrorKind kind, string endpoint, HttpStatusCode? status, string? body)
    {
        var code = status is { } s ? $" (HTTP {(int)s})" : "";
        var text = string.IsNullOrWhiteSpace(body) ? "" : $": {body}";
        return $"{provider} {endpoint} failed with {kind}{code}{text}";
    }
}
