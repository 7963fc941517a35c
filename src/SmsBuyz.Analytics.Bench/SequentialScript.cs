using System.Diagnostics;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// The reference <c>bench sweep</c> prints beside each sweep: what a plain script does, the requests of the per-endpoint
/// plan (<see cref="NaivePaths"/>) sent one after another over one keep-alive <see cref="HttpClient"/>, each body read to
/// its end and dropped. Nothing is parsed or stored, so the reference is a little faster than a real script would be.
/// </summary>
internal static class SequentialScript
{
    /// <summary>
    /// One request per endpoint and parameter, as a straightforward client (and this app before it planned) asks:
    /// <c>guest/products/{country}/{operator}</c> for every country × configured operator, then
    /// <c>guest/prices?product=</c> for every configured product (fewer requests than one per country).
    /// </summary>
    public static List<string> NaivePaths(IReadOnlyList<string> countries, IReadOnlyList<string> operators, IReadOnlyList<string> products) =>
    [
        .. from c in countries from op in operators select $"guest/products/{c}/{op}",
        .. products.Count <= countries.Count
            ? products.Select(p => $"guest/prices?product={p}")
            : countries.Select(c => $"guest/prices?country={c}"),
    ];

    public static async Task<(TimeSpan Elapsed, long Bytes)> RunAsync(Uri baseUrl, IReadOnlyList<string> paths, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(1) };
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path, ct);
            response.EnsureSuccessStatusCode(); // a reference that skips failed requests would look faster
            bytes += (await response.Content.ReadAsByteArrayAsync(ct)).Length;
        }
        return (clock.Elapsed, bytes);
    }
}
