using System.Net;
using System.Text;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>Classifies HTTP answers into <see cref="ApiErrorKind"/>s.</summary>
internal static class ApiErrors
{
    public static SmsBuyzApiException FromStatus(string endpoint, HttpStatusCode status, string excerpt)
    {
        var kind = (int)status switch
        {
            401 => ApiErrorKind.Unauthorized,
            403 => ApiErrorKind.Forbidden,
            404 => ApiErrorKind.NotFound,
            429 => ApiErrorKind.RateLimited,
            503 => ApiErrorKind.NoNumbers,
            400 when MentionsBalance(excerpt) => ApiErrorKind.InsufficientBalance,
            502 or 504 or (>= 520 and <= 524) => ApiErrorKind.GatewayError,
            >= 500 => ApiErrorKind.ServerError,
            _ => ApiErrorKind.BadRequest,
        };
        return new SmsBuyzApiException(kind, endpoint, status, excerpt);
    }

    /// <summary>
    /// Parses a 2xx body. A body that is not JSON is an error: "no free phones" and "not enough balance"
    /// (plain text, as the related 5sim API sends them) get their own kinds; anything else (an HTML page,
    /// truncated JSON, whatever it mentions) is <see cref="ApiErrorKind.InvalidResponse"/>.
    /// </summary>
    public static T ParseBytes<T>(string endpoint, HttpStatusCode status, byte[] body, BodyRedactor redactor,
        Func<byte[], T> parse)
    {
        try
        {
            return parse(body);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw Unreadable(endpoint, status, body, redactor, ex);
        }
    }

    /// <summary>
    /// The typed error of a 2xx body a parser refused (<see cref="JsonException"/>, <see cref="FormatException"/> or
    /// <see cref="InvalidOperationException"/>); <paramref name="head"/> is the body, or its first bytes when it was streamed.
    /// </summary>
    public static SmsBuyzApiException Unreadable(string endpoint, HttpStatusCode status, byte[] head, BodyRedactor redactor,
        Exception ex)
    {
        if (ex is not JsonException json)
            return new SmsBuyzApiException(ApiErrorKind.InvalidResponse, endpoint, status, redactor.Scrub(ex.Message), ex);
        // The reader's message quotes the offending body text verbatim (an echoed key included), so it
        // must not ride along as the inner exception; keep only where the JSON broke.
        var excerpt = redactor.Excerpt(head);
        // Broken JSON (cut off mid-way) is read as JSON, not as a message: a truncated payments list mentions
        // "balance" without the balance being too low.
        var kind = excerpt.TrimStart() is ['{' or '[', ..] ? ApiErrorKind.InvalidResponse : ClassifyText(excerpt);
        return new SmsBuyzApiException(kind, endpoint, status, excerpt,
            new FormatException($"not JSON (line {json.LineNumber}, byte {json.BytePositionInLine})"));
    }

    private static ApiErrorKind ClassifyText(string text) =>
        text.Contains("no free phones", StringComparison.OrdinalIgnoreCase)
        || text.Contains("no numbers", StringComparison.OrdinalIgnoreCase)
            ? ApiErrorKind.NoNumbers
            : MentionsBalance(text) ? ApiErrorKind.InsufficientBalance : ApiErrorKind.InvalidResponse;

    private static bool MentionsBalance(string text) => text.Contains("balance", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Makes short, single-line, key-free excerpts of response bodies for error messages.</summary>
internal sealed class BodyRedactor(string apiKey)
{
    private const int MaxExcerpt = 200;
    /// <summary>Bytes of a body read for an excerpt; a streamed answer keeps one more, to know it was longer.</summary>
    public const int MaxDecoded = 4096;

    private bool HasKey => !string.IsNullOrWhiteSpace(apiKey);

    public string Excerpt(byte[] body)
    {
        var cut = body.Length > MaxDecoded;
        // Scrub before any truncation: a key cut in half no longer matches, and half a key is still a leak.
        var text = Scrub(Encoding.UTF8.GetString(body, 0, cut ? MaxDecoded : body.Length));
        if (cut && HasKey)
            text = text[..Math.Max(0, text.Length - apiKey.Length)]; // the decode limit may have split a key
        var collapsed = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length > MaxExcerpt ? collapsed[..MaxExcerpt] + "…" : collapsed;
    }

    public string Scrub(string text) =>
        HasKey ? text.Replace(apiKey, "***", StringComparison.Ordinal) : text;
}
