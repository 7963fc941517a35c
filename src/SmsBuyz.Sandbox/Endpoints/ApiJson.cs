using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>Serialization exactly as the provider documents it: snake case, zone-less UTC times.</summary>
internal static class ApiJson
{
    /// <summary>Dictionary keys (countries, operators, products) are data and keep their spelling.</summary>
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The provider sends UTC without a zone designator.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static IResult Ok<T>(T body) => Results.Json(body, Options);

    public static IResult Error(int status, string message) => Results.Json(new ErrorBody(message), Options, statusCode: status);

    public static OrderDto Order(SandboxOrder order) => new(
        order.Id,
        order.Phone,
        order.Operator,
        order.Product,
        order.Price,
        Accounts.OrderBook.Api(order.Status),
        Time(order.Expires),
        [.. order.Sms.Select(s => new SmsDto(Time(s.CreatedAt), s.Code, s.Text, s.Sender))],
        Time(order.CreatedAt),
        order.CountryIso);
}

internal sealed record ErrorBody(string Error);

/// <summary>A product row of guest/products: the provider capitalizes these three names.</summary>
internal sealed record ProductDto(
    [property: JsonPropertyName("Category")] string Category,
    [property: JsonPropertyName("Qty")] long Qty,
    [property: JsonPropertyName("Price")] decimal Price);

internal sealed record PriceDto(decimal Cost, long Count);

/// <summary>Property order follows the documented buy response.</summary>
internal sealed record OrderDto(
    long Id,
    string Phone,
    string Operator,
    string Product,
    decimal Price,
    string Status,
    string Expires,
    IReadOnlyList<SmsDto> Sms,
    string CreatedAt,
    string Country);

internal sealed record SmsDto(string CreatedAt, string Code, string Text, string Sender);

/// <summary>The 5sim-style wrapped page.</summary>
internal sealed record OrdersPageDto(
    [property: JsonPropertyName("Data")] IReadOnlyList<OrderDto> Data,
    [property: JsonPropertyName("Total")] int Total);

internal sealed record ProfileDto(long Id, string Email, decimal Balance, int Rating, string DefaultOperator);

internal sealed record PaymentDto(long Id, string Type, string Provider, decimal Amount, decimal Balance, string CreatedAt);
