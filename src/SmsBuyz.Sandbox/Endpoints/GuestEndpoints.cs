using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>The unauthenticated market views: guest/products and guest/prices.</summary>
internal static class GuestEndpoints
{
    private const string Any = "any";

    public static void MapGuest(this IEndpointRouteBuilder app, SandboxState state)
    {
        var guest = app.MapGroup("/v1/guest");
        guest.MapGet("/products/{country}/{operator}", (string country, string @operator) => state.Locked(w => Products(w, country, @operator)));
        guest.MapGet("/prices", (string? product, string? country) => state.Locked(w => Prices(w, product, country)));
    }

    private static IResult Products(WorldAt w, string countryKey, string operatorKey)
    {
        if (w.Catalog.FindCountry(countryKey) is not { } country)
        {
            return ApiJson.Error(StatusCodes.Status404NotFound, "country not found");
        }

        var isAny = string.Equals(operatorKey, Any, StringComparison.OrdinalIgnoreCase);
        var op = isAny ? -1 : Catalog.FindOperator(country, operatorKey);
        if (!isAny && op < 0)
        {
            return ApiJson.Error(StatusCodes.Status404NotFound, "operator not found");
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

    /// <summary>Country keys are ISO codes. With a product the product is the outer key unless a country is given too.</summary>
    private static IResult Prices(WorldAt w, string? productKey, string? countryKey)
    {
        var product = productKey is null ? -1 : w.Catalog.FindProduct(productKey);
        if (productKey is not null && product < 0)
        {
            return ApiJson.Error(StatusCodes.Status404NotFound, "product not found");
        }

        var country = countryKey is null ? null : w.Catalog.FindCountry(countryKey);
        if (countryKey is not null && country is null)
        {
            return ApiJson.Error(StatusCodes.Status404NotFound, "country not found");
        }

        var countries = country is null ? w.Catalog.Countries : [country];
        if (product >= 0 && country is not null)
        {
            return ApiJson.Ok(new Dictionary<string, Dictionary<string, PriceDto>> { [country.Iso] = ByOperator(w, country, product) });
        }

        if (product >= 0)
        {
            var byCountry = countries.ToDictionary(c => c.Iso, c => ByOperator(w, c, product));
            return ApiJson.Ok(new Dictionary<string, Dictionary<string, Dictionary<string, PriceDto>>> { [w.Catalog.Products[product]] = byCountry });
        }

        return ApiJson.Ok(countries.ToDictionary(
            c => c.Iso,
            c => Enumerable.Range(0, w.Catalog.Products.Count).ToDictionary(p => w.Catalog.Products[p], p => ByOperator(w, c, p))));
    }

    private static Dictionary<string, PriceDto> ByOperator(WorldAt w, Country country, int product) =>
        Enumerable.Range(0, country.Operators.Count).ToDictionary(
            op => country.Operators[op],
            op =>
            {
                var offer = w.Catalog.OfferIndex(country, op, product);
                return new PriceDto(w.Market.Price(offer), w.Market.Qty(offer));
            });
}
