using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Endpoints;

/// <summary>
/// The answers as 5sim gives them. Sources, all from 5sim's own documentation (https://5sim.net/docs and the same text
/// at https://docs.5sim.net), read through its stored copy and transcriptions that client libraries carry:
/// <list type="bullet">
/// <item>country names everywhere (<c>russia</c>, <c>england</c>): guest/prices keys and its "country: Country name"
/// parameter, and orders' <c>country</c> in the user/orders and buy examples;</item>
/// <item>operators in lower case (<c>beeline</c>, <c>tele2</c>, <c>virtual18</c>): guest/prices and order examples;</item>
/// <item>guest/prices leaves <c>{"cost", "count", "rate"}</c>, <c>rate</c> the delivery share in percent, "omitted
/// below 20 %"; nesting country → product → operator (and product → country → operator when only a product is
/// asked). With both parameters no example was found; the country-only nesting is kept, as the app's PricesParser
/// expects of 5sim;</item>
/// <item>buy: <c>"sms": null</c> while no SMS came, <c>"phone": "+7900…"</c> with a plus, <c>forwarding</c> and
/// <c>forwarding_number</c>, times in Go's RFC 3339 with fractions and <c>Z</c>
/// (<c>2018-10-13T08:28:38.809469028Z</c>); SMS entries carry <c>created_at</c>, <c>date</c>, <c>sender</c>,
/// <c>text</c>, <c>code</c> (the hosting buy and SMS inbox examples);</item>
/// <item>user/orders: <c>{"Data": [...], "ProductNames": [], "Statuses": [], "Total": N}</c>, entries without the
/// forwarding fields, ids like 53533933 (larger than SmsBuyz's);</item>
/// <item>user/profile: <c>vendor</c>, <c>default_forwarding_number</c>, <c>default_country</c> and
/// <c>default_operator</c> as objects, <c>frozen_balance</c>;</item>
/// <item>user/payments: <c>{"Data": [{"ID", "TypeName", "ProviderName", "Amount", "Balance", "CreatedAt"}],
/// "PaymentTypes": [{"Name"}], "PaymentProviders": [{"Name"}], "Total": N}</c>;</item>
/// <item>errors as plain text ("not enough user balance", "no free phones"): the buy section's list of errors.</item>
/// </list>
/// Kept from the SmsBuyz dialect on purpose: prices at 4 decimals in the same currency (5sim quotes roubles at 2; the
/// app compares providers without converting), the status codes, and ISO codes accepted in paths and queries beside
/// names (5sim's documents name countries only; the app asks by ISO code until it spells per provider).
/// </summary>
internal sealed class FiveSimAnswers(SandboxOptions options) : IAnswers
{
    public bool PricesKeepProductWithCountry => true;

    /// <summary>Go's RFC 3339 with nanoseconds, trailing zeros dropped, as 5sim's server writes times.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public string Country(Country country) => country.Name;

    public object Price(decimal cost, long count, string op)
    {
        var never = options.SmsNeverProbabilityByOperator.TryGetValue(op, out var share) ? share : options.SmsNeverProbability;
        var rate = Math.Min(99.99m, Math.Round((decimal)(1 - never) * 100m, 2));
        return new PriceDto(cost, count, rate < 20m ? null : rate);
    }

    public object Order(SandboxOrder order, bool listed) => new OrderDto(
        order.Id,
        "+" + order.Phone,
        order.Operator,
        order.Product,
        order.Price,
        OrderBook.Api(order.Status),
        Time(order.Expires),
        order.Sms.Count == 0 ? null : [.. order.Sms.Select(s => new SmsDto(Time(s.CreatedAt), Time(s.CreatedAt), s.Sender, s.Text, s.Code))],
        Time(order.CreatedAt),
        listed ? null : false,
        listed ? null : "",
        order.CountryName);

    public object WrappedOrders(IReadOnlyList<object> page, int total) => new OrdersPageDto(page, [], [], total);

    public object Profile(AccountIdentity account, decimal balance, Country home) => new ProfileDto(
        account.Id, account.Email, "sandbox", "", balance, 96, new CountryDto(home.Name, home.Iso, "+" + home.PhonePrefix),
        new OperatorDto(""), 0);

    public object Payments(IReadOnlyList<SandboxPayment> newestFirst) => new PaymentsPageDto(
        [.. newestFirst.Select(p => new PaymentDto(p.Id, p.Type, p.Provider, p.Amount, p.Balance, Time(p.CreatedAt)))],
        [.. newestFirst.Select(p => p.Type).Distinct().Select(t => new NameDto(t))],
        [.. newestFirst.Select(p => p.Provider).Distinct().Select(t => new NameDto(t))],
        newestFirst.Count);

    public IResult Error(int status, string message) => Results.Text(message, "text/plain", statusCode: status);

    private sealed record PriceDto(
        decimal Cost, long Count, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Rate);

    /// <summary>Property order follows 5sim's buy example; <c>sms</c> is written even when null.</summary>
    private sealed record OrderDto(
        long Id,
        string Phone,
        string Operator,
        string Product,
        decimal Price,
        string Status,
        string Expires,
        IReadOnlyList<SmsDto>? Sms,
        string CreatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Forwarding,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ForwardingNumber,
        string Country);

    /// <summary>5sim's SMS also has an <c>id</c> of its own; nothing reads it and the sandbox keeps none.</summary>
    private sealed record SmsDto(string CreatedAt, string Date, string Sender, string Text, string Code);

    private sealed record OrdersPageDto(
        [property: JsonPropertyName("Data")] IReadOnlyList<object> Data,
        [property: JsonPropertyName("ProductNames")] IReadOnlyList<string> ProductNames,
        [property: JsonPropertyName("Statuses")] IReadOnlyList<string> Statuses,
        [property: JsonPropertyName("Total")] int Total);

    private sealed record ProfileDto(
        long Id, string Email, string Vendor, string DefaultForwardingNumber, decimal Balance, int Rating,
        CountryDto DefaultCountry, OperatorDto DefaultOperator, decimal FrozenBalance);

    private sealed record CountryDto(string Name, string Iso, string Prefix);

    private sealed record OperatorDto(string Name);

    /// <summary>The payments page's lists name their entries with a capital, unlike the profile's objects.</summary>
    private sealed record NameDto([property: JsonPropertyName("Name")] string Name);

    private sealed record PaymentsPageDto(
        [property: JsonPropertyName("Data")] IReadOnlyList<PaymentDto> Data,
        [property: JsonPropertyName("PaymentTypes")] IReadOnlyList<NameDto> PaymentTypes,
        [property: JsonPropertyName("PaymentProviders")] IReadOnlyList<NameDto> PaymentProviders,
        [property: JsonPropertyName("Total")] int Total);

    private sealed record PaymentDto(
        [property: JsonPropertyName("ID")] long Id,
        [property: JsonPropertyName("TypeName")] string TypeName,
        [property: JsonPropertyName("ProviderName")] string ProviderName,
        [property: JsonPropertyName("Amount")] decimal Amount,
        [property: JsonPropertyName("Balance")] decimal Balance,
        [property: JsonPropertyName("CreatedAt")] string CreatedAt);
}
