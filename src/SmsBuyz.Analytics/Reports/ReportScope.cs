using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Reports;

/// <summary>What one report covers: the period [From, To) and optional product and country filters (empty = all).</summary>
public sealed record ReportScope(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Products, IReadOnlyList<string> Countries)
{
    public string Label => $"{From.UtcDateTime:yyyy-MM-dd HH:mm} – {To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    /// <summary>IANA zone the best hours are told in (the worker's <c>Schedules:TimeZone</c>); everything else is UTC.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Whether the filters let an offer's country and product in, by identity.</summary>
    public bool Covers(string country, string product) =>
        (Products.Count == 0 || Products.Any(p => OfferNames.SameProduct(p, product)))
        && (Countries.Count == 0 || Countries.Any(c => OfferNames.SameCountry(c, country)));

    /// <summary>The series in scope, for the market's read model.</summary>
    public MarketFilter Market => new() { Products = Products, Countries = Countries };

    /// <summary>
    /// The filters as keys for the orders' conditions, so <c>--country russia</c> and <c>--product Telegram</c> find ru and
    /// telegram. Dapper expands <c>IN @list</c> into one parameter per value on SQLite, but passes a list to Npgsql as one
    /// array, which only <c>= ANY(…)</c> takes.
    /// </summary>
    public object Parameters => new
    {
        Products = Products.Select(OfferNames.ProductKey).ToList(),
        Countries = Countries.Select(OfferNames.CountryKey).ToList(),
    };
}
