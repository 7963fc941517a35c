using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// What one report covers: the period [From, To), optional product and country filters (empty = all) and optionally one
/// provider (<see cref="Provider"/>; null = every provider, compared side by side).
/// </summary>
public sealed record ReportScope(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Products, IReadOnlyList<string> Countries)
{
    public string Label => $"{From.UtcDateTime:yyyy-MM-dd HH:mm} – {To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    /// <summary>IANA zone the best hours are told in (the worker's <c>Schedules:TimeZone</c>); everything else is UTC.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Only this provider's market and accounts; null: every provider's.</summary>
    public ProviderRef? Provider { get; init; }

    /// <summary>Whether the filters let an offer's country and product in, by identity.</summary>
    public bool Covers(string country, string product) =>
        (Products.Count == 0 || Products.Any(p => OfferNames.SameProduct(p, product)))
        && (Countries.Count == 0 || Countries.Any(c => OfferNames.SameCountry(c, country)));

    /// <summary>The series in scope, for the market's read model.</summary>
    public MarketFilter Market => new() { Provider = Provider?.Id, Products = Products, Countries = Countries };

    /// <summary>
    /// The filters as keys for the orders' conditions, so <c>--country russia</c> and <c>--product Telegram</c> find ru and
    /// telegram, and the provider's id (null: every provider). Dapper expands <c>IN @list</c> into one parameter per value on SQLite, but passes a list to Npgsql as one
    /// array, which only <c>= ANY(…)</c> takes.
    /// </summary>
    public object Parameters => new
    {
        Products = Products.Select(OfferNames.ProductKey).ToList(),
        Countries = Countries.Select(OfferNames.CountryKey).ToList(),
        Provider = Provider?.Id,
    };

    /// <summary>The condition on an account's provider (<c>a</c>: the <c>account</c> row), when the scope names one.</summary>
    public string AccountWhere => Provider is null ? "" : " AND a.provider_id = @Provider";
}
