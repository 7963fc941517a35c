using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>The answers exactly as smsbuyz-api.txt documents them: ISO codes, zone-less UTC times, <c>"sms": []</c>.</summary>
internal sealed class SmsBuyzAnswers : IAnswers
{
    public bool PricesKeepProductWithCountry => false;

    /// <summary>The provider sends UTC without a zone designator.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public string Country(Country country) => country.Iso;

    public object Price(decimal cost, long count, string op) => new PriceDto(cost, count);

    public object Order(SandboxOrder order, bool listed) => new OrderDto(
        order.Id,
        order.Phone,
        order.Operator,
        order.Product,
        order.Price,
        OrderBook.Api(order.Status),
        Time(order.Expires),
        [.. order.Sms.Select(s => new SmsDto(Time(s.CreatedAt), s.Code, s.Text, s.Sender))],
        Time(order.CreatedAt),
        order.CountryIso);

    public object WrappedOrders(IReadOnlyList<object> page, int total) => new OrdersPageDto(page, total);

    public object Profile(AccountIdentity account, decimal balance, Country home) => new ProfileDto(account.Id, account.Email, balance, 0, "any");

    public object Payments(IReadOnlyList<SandboxPayment> newestFirst) =>
        newestFirst.Select(p => new PaymentDto(p.Id, p.Type, p.Provider, p.Amount, p.Balance, Time(p.CreatedAt))).ToList();

    public IResult Error(int status, string message) => Results.Json(new ErrorBody(message), ApiJson.Options, statusCode: status);

    private sealed record PriceDto(decimal Cost, long Count);

    /// <summary>Property order follows the documented buy response.</summary>
    private sealed record OrderDto(
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

    private sealed record SmsDto(string CreatedAt, string Code, string Text, string Sender);

    /// <summary>The 5sim-style wrapped page, for <see cref="OrdersShape.Wrapped"/> in this dialect.</summary>
    private sealed record OrdersPageDto(
        [property: JsonPropertyName("Data")] IReadOnlyList<object> Data,
        [property: JsonPropertyName("Total")] int Total);

    private sealed record ProfileDto(long Id, string Email, decimal Balance, int Rating, string DefaultOperator);

    private sealed record PaymentDto(long Id, string Type, string Provider, decimal Amount, decimal Balance, string CreatedAt);
}
