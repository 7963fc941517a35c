using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>The read side of the account: profile, order history, payments.</summary>
internal static class AccountEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static void MapAccount(this RouteGroupBuilder user, SandboxState state, OrdersShape shape)
    {
        user.MapGet("/profile", () => state.Locked(w =>
            ApiJson.Ok(new ProfileDto(1, "sandbox@example.com", w.Ledger.Balance, 0, "any"))));

        user.MapGet("/orders", (string? category, int? limit, int? offset) =>
        {
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit || offset < 0)
            {
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"limit must be 1-{MaxLimit} and offset not negative");
            }

            return state.Locked(w =>
            {
                // Every sandbox order is an activation; any other category is simply empty.
                var matching = category is null || string.Equals(category, "activation", StringComparison.OrdinalIgnoreCase)
                    ? w.Orders.All.Reverse().ToList()
                    : [];
                var page = matching.Skip(offset ?? 0).Take(take).Select(o => ApiJson.Order(o.Snapshot())).ToList();
                return shape == OrdersShape.Wrapped ? ApiJson.Ok(new OrdersPageDto(page, matching.Count)) : ApiJson.Ok(page);
            });
        });

        user.MapGet("/payments", () => state.Locked(w =>
            ApiJson.Ok(w.Ledger.Payments.Reverse().Select(p =>
                new PaymentDto(p.Id, p.Type, p.Provider, p.Amount, p.Balance, ApiJson.Time(p.CreatedAt))).ToList())));
    }
}
