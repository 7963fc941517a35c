using System.Net;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// A 2xx answer parsed while it arrives instead of buffered whole: a full price list is tens of MB, and was held three
/// times over (the buffer, its copy, the document). Read inside the request's attempt (<see cref="AttemptTimeoutHandler"/>),
/// so the attempt's timeout covers the body and a body cut off mid-way is retried as before; each attempt reads from the
/// start with a fresh <see cref="ITokenReader"/>, so a retried answer is never read twice into one result. Only the
/// first bytes are kept, for the excerpt of a body that is not JSON.
/// </summary>
internal sealed class StreamedAnswer(Func<ITokenReader> start)
{
    public static readonly HttpRequestOptionsKey<StreamedAnswer> Key = new("SmsBuyz.StreamedAnswer");

    private readonly byte[] _head = new byte[BodyRedactor.MaxDecoded + 1];
    private int _headLength;
    private long _length;
    private ITokenReader? _tokens;
    private Exception? _unreadable;

    /// <summary>Reads the body and leaves the response an empty one, its connection free for the next request.</summary>
    public async Task ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        (_headLength, _length, _unreadable) = (0, 0, null);
        _tokens = start();
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await JsonChunks.ReadAsync(body, _tokens, Seen, ct);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            _unreadable = ex; // the answer came; what it holds is the client's to classify, not the retry's
        }
        catch (IOException ex)
        {
            // As HttpContent.LoadIntoBufferAsync reports a body cut off: the read pipeline retries it.
            throw new HttpRequestException(ex is HttpIOException io ? io.HttpRequestError : HttpRequestError.Unknown,
                "Error while copying content to a stream.", ex);
        }
        response.Content.Dispose();
        response.Content = new ByteArrayContent([]);
    }

    /// <summary>What the answer held (its problems), or the typed error of a body that could not be read.</summary>
    public IReadOnlyList<string> Result(string endpoint, HttpStatusCode status, BodyRedactor redactor)
    {
        if (_unreadable is { } ex)
            throw ApiErrors.Unreadable(endpoint, status, _head[.._headLength], redactor, ex);
        return _tokens?.Problems ?? throw new InvalidOperationException("the answer was not read");
    }

    private void Seen(ReadOnlySpan<byte> bytes)
    {
        _length += bytes.Length;
        if (_length > AttemptTimeoutHandler.MaxResponseBytes)
            throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded,
                $"answer larger than {AttemptTimeoutHandler.MaxResponseBytes} bytes");
        var keep = Math.Min(bytes.Length, _head.Length - _headLength);
        bytes[..keep].CopyTo(_head.AsSpan(_headLength));
        _headLength += keep;
    }
}
