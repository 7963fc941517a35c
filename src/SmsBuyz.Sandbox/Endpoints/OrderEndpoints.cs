using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>Buying a number and moving the order through its statuses.</summary>
internal static class OrderEndpoints
{
    public static void MapOrders(this RouteGroupBuilder user, SandboxState state, IAnswers answers)
    {
        user.MapGet("/buy/activation/{country}/{operator}/{product}", (string country, string @operator, string product) =>
        {
            state.CountBuyRequest();
            return state.Locked(w => Buy(w, answers, country, @operator, product));
        });
        user.MapGet("/check/{id:long}", (long id) => Act(state, answers, id, (_, _) => null));
        user.MapGet("/finish/{id:long}", (long id) => Act(state, answers, id, (w, o) => OrderBook.Finish(o)));
        user.MapGet("/cancel/{id:long}", (long id) => Act(state, answers, id, (w, o) => w.Orders.Cancel(o, w.Now)));
        user.MapGet("/ban/{id:long}", (long id) => Act(state, answers, id, (w, o) => w.Orders.Ban(o, w.Now)));
    }

    private static IResult Buy(WorldAt w, IAnswers answers, string countryKey, string operatorKey, string productKey)
    {
        var country = w.Catalog.FindCountry(countryKey);
        var product = w.Catalog.FindProduct(productKey);
        if (country is null || product < 0)
        {
            return answers.Error(StatusCodes.Status404NotFound, country is null ? "country not found" : "product not found");
        }

        var isAny = string.Equals(operatorKey, "any", StringComparison.OrdinalIgnoreCase);
        var op = isAny ? MarketQueries.CheapestInStock(w.Catalog, w.Market, country, product) : Catalog.FindOperator(country, operatorKey);
        if (!isAny && op < 0)
        {
            return answers.Error(StatusCodes.Status404NotFound, "operator not found");
        }

        var offer = op < 0 ? -1 : w.Catalog.OfferIndex(country, op, product);
        if (offer < 0 || w.Market.Qty(offer) == 0)
        {
            // The provider answers this one in plain text, not JSON.
            return Results.Text("no free phones", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var price = w.Market.Price(offer);
        if (w.Ledger.Balance < price)
        {
            return answers.Error(StatusCodes.Status400BadRequest, "not enough user balance");
        }

        w.Market.TakeOne(offer);
        var order = w.Orders.Open(country, country.Operators[op], w.Catalog.Products[product], price, w.Now);
        return ApiJson.Ok(answers.Order(order.Snapshot(), listed: false));
    }

    /// <summary>Runs a transition (null = allowed) and answers with the order, 400 with the reason, or 404.</summary>
    private static IResult Act(SandboxState state, IAnswers answers, long id, Func<WorldAt, OrderEntry, string?> transition) => state.Locked(w =>
    {
        if (w.Orders.Find(id) is not { } order)
        {
            return answers.Error(StatusCodes.Status404NotFound, "order not found");
        }

        return transition(w, order) is { } refusal
            ? answers.Error(StatusCodes.Status400BadRequest, refusal)
            : ApiJson.Ok(answers.Order(order.Snapshot(), listed: false));
    });
}
