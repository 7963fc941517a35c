using System.Globalization;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// A provider's identity: where its API is, as one normalized base URL (scheme and host in lower case, the port only
/// when it is not the scheme's default, the path without a trailing slash; no query). The same key against the sandbox
/// on loopback and against smsbuyz.com are two providers, whatever the configuration calls them, and
/// <c>https://SMSBuyz.com/v1/</c> and <c>https://smsbuyz.com:443/v1</c> are one. Every place that stores or finds a
/// provider goes through <see cref="SmsBuyzOptions.Key"/>, which is this unless the provider's <c>Identity</c> is set.
/// </summary>
public static class ProviderKey
{
    public static string Of(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var port = baseUrl.IsDefaultPort ? "" : ":" + baseUrl.Port.ToString(CultureInfo.InvariantCulture);
        return $"{baseUrl.Scheme.ToLowerInvariant()}://{baseUrl.IdnHost.ToLowerInvariant()}{port}{baseUrl.AbsolutePath.TrimEnd('/')}";
    }

    public static string Of(string baseUrl) => Of(new Uri(baseUrl.Trim(), UriKind.Absolute));
}
