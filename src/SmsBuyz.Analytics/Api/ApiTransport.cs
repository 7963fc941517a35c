using System.Net;

namespace SmsBuyz.Analytics.Api;

/// <summary>Sends one request and turns transport failures into typed <see cref="SmsBuyzApiException"/>s.</summary>
internal static class ApiTransport
{
    public static async Task<(HttpStatusCode Status, byte[] Body)> ExchangeAsync(
        HttpClient http, HttpRequestMessage request, string endpoint, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException
                                       || ex.InnerException is TimeoutException)
        {
            throw new SmsBuyzApiException(ApiErrorKind.Timeout, endpoint, null, null, ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new SmsBuyzApiException(ApiErrorKind.InvalidResponse, endpoint, null,
                $"answer larger than {AttemptTimeoutHandler.MaxResponseBytes / (1024 * 1024)} MB", ex);
        }
        catch (HttpRequestException ex)
        {
            // Never include ex.Message text from a handler that might echo headers; the kind says enough.
            throw new SmsBuyzApiException(ApiErrorKind.Network, endpoint, null, ex.HttpRequestError.ToString(), ex);
        }
        catch (IOException ex)
        {
            throw new SmsBuyzApiException(ApiErrorKind.Network, endpoint, null, "connection dropped while reading", ex);
        }
    }
}
