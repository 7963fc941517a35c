using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// One provider's API, one method per endpoint. Reads go through its <see cref="ClientPipelines.Read"/> pipeline, which
/// retries transient failures; buy, finish, cancel and ban go through <see cref="ClientPipelines.Write"/>, which never
/// retries: buying is not idempotent, and a repeated cancel after an unseen success would answer 400.
/// </summary>
/// <param name="listedAs">A <c>Providers</c> entry's name, which its failures' messages carry; null for the <c>SmsBuyz</c> section.</param>
public sealed class SmsBuyzClient(IHttpClientFactory factory, SmsBuyzOptions options, ClientPipelines pipelines, ApiMetrics metrics,
    string? listedAs = null)
{
    public const int MaxOrdersPageSize = 100;

    private readonly SmsBuyzOptions _options = options;

    // Trimmed once: a key pasted with a stray space or newline must be sent, and scrubbed, as the same text.
    private readonly string _apiKey = options.ApiKey.Trim();

    public bool HasApiKey => _options.HasApiKey;

    public Task<Profile> GetProfileAsync(CancellationToken ct) =>
        ReadAsync("user/profile", auth: true, AccountParser.ParseProfile, ct);

    public Task<OrderPage> GetOrdersAsync(string? category, int limit, int offset, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxOrdersPageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var query = $"limit={limit}&offset={offset}" + (category is null ? "" : $"&category={Escape(category)}");
        return ReadAsync($"user/orders?{query}", auth: true, AccountParser.ParseOrderPage, ct);
    }

    /// <summary>
    /// Every order, paging by <see cref="MaxOrdersPageSize"/> until a short page or the reported total.
    /// Stops if a page repeats ids already seen, so a server that ignores <c>offset</c> cannot loop us forever.
    /// </summary>
    public async Task<IReadOnlyList<Order>> GetAllOrdersAsync(string? category, CancellationToken ct)
    {
        var all = new List<Order>();
        var seen = new HashSet<long>();
        while (true)
        {
            var page = await GetOrdersAsync(category, MaxOrdersPageSize, all.Count, ct);
            var fresh = page.Orders.Where(o => seen.Add(o.Id)).ToList();
            all.AddRange(fresh);
            var done = page.Orders.Count < MaxOrdersPageSize
                || fresh.Count == 0
                || (page.Total is { } total && all.Count >= total);
            if (done)
                return all;
        }
    }

    public Task<IReadOnlyList<Payment>> GetPaymentsAsync(CancellationToken ct) =>
        ReadAsync("user/payments", auth: true, AccountParser.ParsePayments, ct);

    /// <param name="country">Country name or ISO code.</param>
    /// <param name="operatorName">Operator, or "any" for the aggregate over all operators.</param>
    public async Task<MarketResult<ProductOffer>> GetProductsAsync(string country, string operatorName, CancellationToken ct)
    {
        var offers = new OfferList<ProductOffer>();
        var problems = await ReadProductsAsync(country, operatorName, offers, ct);
        return new(offers.Offers, problems);
    }

    /// <summary>
    /// <c>guest/products/{country}/{operator}</c>, each product handed to <paramref name="sink"/> as it is read.
    /// </summary>
    /// <returns>What could not be read of the answer.</returns>
    public Task<IReadOnlyList<string>> ReadProductsAsync(string country, string operatorName, IOfferSink<ProductOffer> sink,
        CancellationToken ct) =>
        StreamAsync($"guest/products/{Escape(country)}/{Escape(operatorName)}", () =>
        {
            sink.Restart();
            return new ProductsParser(sink);
        }, ct);

    public async Task<MarketResult<PriceOffer>> GetPricesAsync(string? product, string? country, CancellationToken ct)
    {
        var offers = new OfferList<PriceOffer>();
        var problems = await ReadPricesAsync(product, country, offers, ct);
        return new(offers.Offers, problems);
    }

    /// <summary>
    /// <c>guest/prices</c>, each offer handed to <paramref name="sink"/> as it is read: the full list (both parameters
    /// null) of a large market is tens of MB, never held here whole.
    /// </summary>
    /// <returns>What could not be read of the answer.</returns>
    public Task<IReadOnlyList<string>> ReadPricesAsync(string? product, string? country, IOfferSink<PriceOffer> sink,
        CancellationToken ct)
    {
        var query = string.Join('&', new[] { ("product", product), ("country", country) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Escape(p.Item2!)}"));
        var path = query.Length == 0 ? "guest/prices" : $"guest/prices?{query}";
        return StreamAsync(path, () =>
        {
            sink.Restart();
            return new PricesParser(product, country, sink);
        }, ct);
    }

    /// <summary>
    /// Buys a number. Sent exactly once: on <see cref="SmsBuyzApiException.OutcomeUnknown"/> the caller
    /// must reconcile through <see cref="GetAllOrdersAsync"/> before buying again.
    /// </summary>
    public Task<Order> BuyActivationAsync(string country, string operatorName, string product, CancellationToken ct) =>
        SendAsync(factory.CreateClient(pipelines.Write),
            $"user/buy/activation/{Escape(country)}/{Escape(operatorName)}/{Escape(product)}",
            auth: true, Document(AccountParser.ParseOrder), ct);

    public Task<Order> CheckAsync(long id, CancellationToken ct) =>
        ReadAsync($"user/check/{id}", auth: true, AccountParser.ParseOrder, ct);

    public Task<Order> FinishAsync(long id, CancellationToken ct) => OrderActionAsync("finish", id, ct);
    public Task<Order> CancelAsync(long id, CancellationToken ct) => OrderActionAsync("cancel", id, ct);
    public Task<Order> BanAsync(long id, CancellationToken ct) => OrderActionAsync("ban", id, ct);

    // Sent once: after an unknown outcome the caller checks the order instead of repeating the action.
    private Task<Order> OrderActionAsync(string action, long id, CancellationToken ct) =>
        SendAsync(factory.CreateClient(pipelines.Write), $"user/{action}/{id}", auth: true, Document(AccountParser.ParseOrder), ct);

    private Task<T> ReadAsync<T>(string path, bool auth, Func<JsonElement, T> parse, CancellationToken ct) =>
        SendAsync(factory.CreateClient(pipelines.Read), path, auth, Document(parse), ct);

    /// <summary>A guest market read, parsed as it arrives (<see cref="StreamedAnswer"/>).</summary>
    private Task<IReadOnlyList<string>> StreamAsync(string path, Func<ITokenReader> start, CancellationToken ct)
    {
        var answer = new StreamedAnswer(start);
        return SendAsync(factory.CreateClient(pipelines.Read), path, auth: false,
            (endpoint, status, _, redactor) => answer.Result(endpoint, status, redactor), ct,
            request => request.Options.Set(StreamedAnswer.Key, answer));
    }

    private static Func<string, HttpStatusCode, byte[], BodyRedactor, T> Document<T>(Func<JsonElement, T> parse) =>
        (endpoint, status, body, redactor) =>
        {
            using var parsing = SweepStages.Time(SweepStage.Parse);
            return ApiErrors.ParseBytes(endpoint, status, body, redactor, bytes =>
            {
                using var document = JsonDocument.Parse(bytes);
                return parse(document.RootElement);
            });
        };

    /// <param name="read">Turns a 2xx answer into the result, or throws its typed error.</param>
    /// <param name="prepare">Sets what the request carries beyond path and key.</param>
    private async Task<T> SendAsync<T>(HttpClient http, string path, bool auth, Func<string, HttpStatusCode, byte[], BodyRedactor, T> read,
        CancellationToken ct, Action<HttpRequestMessage>? prepare = null)
    {
        var endpoint = path.Split('?')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.BaseUri, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (auth)
        {
            if (!_options.HasApiKey)
                throw new InvalidOperationException(listedAs is null
                    ? $"SmsBuyz {endpoint} needs an API key; set SmsBuyz:ApiKey."
                    : $"{listedAs} {endpoint} needs an API key; set its ApiKey in the Providers list.");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }
        prepare?.Invoke(request);

        try
        {
            var (status, body) = await ApiTransport.ExchangeAsync(http, request, endpoint, ct);
            var redactor = new BodyRedactor(_apiKey);
            if ((int)status is < 200 or > 299)
                throw ApiErrors.FromStatus(endpoint, status, redactor.Excerpt(body));
            var result = read(endpoint, status, body, redactor);
            metrics.Called(endpoint, null);
            return result;
        }
        catch (SmsBuyzApiException ex)
        {
            metrics.Called(endpoint, ex.Kind);
            if (listedAs is not null)
                throw ex.At(listedAs);
            throw;
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment.Trim());
}
