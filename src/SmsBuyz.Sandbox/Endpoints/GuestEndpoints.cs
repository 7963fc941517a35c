using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>The unauthenticated market views: guest/products and guest/prices.</summary>
internal static class GuestEndpoints
{
    private const string Any = "any";

    public static void MapGuest(this IEndpointRouteBuilder app, SandboxState state, IAnswers answers)
    {
        var guest = app.MapGroup("/v1/guest");
        guest.MapGet("/products/{country}/{operator}", (string country, string @operator) => state.Locked(w => Products(w, answers, country, @operator)));
        guest.MapGet("/prices", (string? product, string? country) => state.Locked(w => Prices(w, answers, product, country)));
    }

    private static IResult Products(WorldAt w, IAnswers answers, string countryKey, string operatorKey)
    {
        if (w.Catalog.FindCountry(countryKey) is not { } country)
        {
            return answers.Error(StatusCodes.Status404NotFound, "country not found");
        }

        var isAny = string.Equals(operatorKey, Any, StringComparison.OrdinalIgnoreCase);
        var op = isAny ? -1 : Catalog.FindOperator(country, operatorKey);
        if (!isAny && op < 0)
        {
            return answers.Error(StatusCodes.Status404NotFound, "operator not found");
        }

        var body = new Dictionary<string, ProductDto>();
        for (var p = 0; p < w.Catalog.Products.Count; p++)
        {
            var (price, qty) = isAny
                ? MarketQueries.Any(w.Catalog, w.Market, country, p)
                : (w.Market.Price(w.Catalog.OfferIndex(country, op, p)), w.Market.Qty(w.Catalog.OfferIndex(country, op, p)));
            body[w.Catalog.Products[p]] = new ProductDto("activation", qty, price);
        }

        return ApiJson.Ok(body);
    }

    /// <summary>
    /// Country keys as the dialect names them (ISO codes, or 5sim's names). With a product the product is the outer key
    /// unless a country is given too; then SmsBuyz answers country → operator, 5sim country → product → operator.
    /// </summary>
    private static IResult Prices(WorldAt w, IAnswers answers, string? productKey, string? countryKey)
    {
        var product = productKey is null ? -1 : w.Catalog.FindProduct(productKey);
        if (productKey is not null && product < 0)
        {
            return answers.Error(StatusCodes.Status404NotFound, "product not found");
        }

        var country = countryKey is null ? null : w.Catalog.FindCountry(countryKey);
        if (countryKey is not null && country is null)
        {
            return answers.Error(StatusCodes.Status404NotFound, "country not found");
        }

        var countries = country is null ? w.Catalog.Countries : [country];
        if (product >= 0 && country is not null && !answers.PricesKeepProductWithCountry)
        {
            return ApiJson.Ok(new Dictionary<string, Dictionary<string, object>> { [answers.Country(country)] = ByOperator(w, answers, country, product) });
        }

        if (product >= 0 && country is null)
        {
            var byCountry = countries.ToDictionary(answers.Country, c => ByOperator(w, answers, c, product));
            return ApiJson.Ok(new Dictionary<string, Dictionary<string, Dictionary<string, object>>> { [w.Catalog.Products[product]] = byCountry });
        }

        var products = product >= 0 ? [product] : Enumerable.Range(0, w.Catalog.Products.Count);
        return ApiJson.Ok(countries.ToDictionary(
            answers.Country,
            c => products.ToDictionary(p => w.Catalog.Products[p], p => ByOperator(w, answers, c, p))));
    }

    private static Dictionary<string, object> ByOperator(WorldAt w, IAnswers answers, Country country, int product) =>
        Enumerable.Range(0, country.Operators.Count).ToDictionary(
            op => country.Operators[op],
            op =>
            {
                var offer = w.Catalog.OfferIndex(country, op, product);
                return answers.Price(w.Market.Price(offer), w.Market.Qty(offer), country.Operators[op]);
            });
}
