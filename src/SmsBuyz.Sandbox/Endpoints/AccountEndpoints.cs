using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>The read side of the account: profile, order history, payments.</summary>
internal static class AccountEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static void MapAccount(this RouteGroupBuilder user, SandboxState state, IAnswers answers, OrdersShape shape)
    {
        // The first country stands for the account's home (5sim's default_country).
        user.MapGet("/profile", () => state.Locked(w =>
            ApiJson.Ok(answers.Profile(state.Account, w.Ledger.Balance, w.Catalog.Countries[0]))));

        user.MapGet("/orders", (string? category, int? limit, int? offset) =>
        {
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit || offset < 0)
            {
                return answers.Error(StatusCodes.Status400BadRequest, $"limit must be 1-{MaxLimit} and offset not negative");
            }

            return state.Locked(w =>
            {
                // Every sandbox order is an activation; any other category is simply empty.
                var matching = category is null || string.Equals(category, "activation", StringComparison.OrdinalIgnoreCase)
                    ? w.Orders.All.Reverse().ToList()
                    : [];
                var page = matching.Skip(offset ?? 0).Take(take).Select(o => answers.Order(o.Snapshot(), listed: true)).ToList();
                return shape == OrdersShape.Wrapped ? ApiJson.Ok(answers.WrappedOrders(page, matching.Count)) : ApiJson.Ok(page);
            });
        });

        user.MapGet("/payments", () => state.Locked(w => ApiJson.Ok(answers.Payments([.. w.Ledger.Payments.Reverse()]))));
    }
}
