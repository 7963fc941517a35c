using Dapper;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.History;

public sealed partial class MarketReadModel
{
    /// <summary>
    /// Per product in the filter, its cheapest offer in stock now: the lowest price, then the most stock, then by country
    /// and operator name. Among a country's real operators, or its <c>any</c> aggregate where the country has no other
    /// series of the product (counting both would list one offer twice): the choice of the report's "cheapest now",
    /// made in SQL, so that a market of 100,000 series is not read into memory for the few rows wanted. Products without
    /// an offer in stock are left out; the rest come by name.
    /// </summary>
    /// <remarks>
    /// Two passes rather than one window over every offer: the lowest price per product streams in the series' key
    /// order (no sort), then only the offers at that price are ranked. A window over all of them sorted every row
    /// (100,000 series: 0.25 s of CPU against 0.16 s).
    /// </remarks>
    public async Task<IReadOnlyList<SeriesInfo>> CheapestAsync(MarketFilter filter, CancellationToken ct)
    {
        var parameters = Parameters(filter);
        parameters.Add("AnyKey", OfferNames.AnyOperator);
        var offered = $"""
            l.qty > 0{Where(filter)} AND (o.key <> @AnyKey OR NOT EXISTS (
                SELECT 1 FROM series r JOIN operator ro ON ro.id = r.operator_id JOIN price_latest rl ON rl.series_id = r.id
                WHERE r.product_id = s.product_id AND r.country_id = s.country_id AND ro.key <> @AnyKey))
            """;
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SeriesInfo>(new CommandDefinition($"""
            SELECT Id, Product, Country, Operator, Price, Qty, ChangedAt, SweepId FROM (
                SELECT s.id AS Id, {NameColumns}, l.price AS Price, l.qty AS Qty, l.changed_at AS ChangedAt, l.sweep_id AS SweepId,
                       row_number() OVER (PARTITION BY s.product_id ORDER BY l.qty DESC, c.code{db.ByBytes()}, o.name{db.ByBytes()}, s.id) AS place
                FROM (SELECT s.product_id, min(l.price) AS price FROM {Named} JOIN price_latest l ON l.series_id = s.id WHERE {offered}
                      GROUP BY s.product_id) AS lowest
                JOIN series s ON s.product_id = lowest.product_id
                JOIN price_latest l ON l.series_id = s.id AND l.price = lowest.price
                JOIN product p ON p.id = s.product_id JOIN country c ON c.id = s.country_id JOIN operator o ON o.id = s.operator_id
                WHERE {offered}) AS ranked
            WHERE place = 1
            ORDER BY Product{db.ByBytes()}
            """, parameters, cancellationToken: ct));
        return rows.AsList();
    }
}
