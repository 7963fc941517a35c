using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>Parses profile, order and payment bodies. Throws <see cref="FormatException"/> on a shape it cannot use.</summary>
internal static class AccountParser
{
    public static Profile ParseProfile(JsonElement e) => new(
        TolerantJson.Long(e, "id") ?? throw new FormatException("profile has no id"),
        TolerantJson.String(e, "email"),
        Storable(TolerantJson.Decimal(e, "balance") ?? throw new FormatException("profile has no balance"), "profile balance"),
        TolerantJson.Decimal(e, "rating") ?? 0m,
        TolerantJson.String(e, "default_operator"));

    public static Order ParseOrder(JsonElement e) => new(
        TolerantJson.Long(e, "id") ?? throw new FormatException("order has no id"),
        TolerantJson.String(e, "phone"),
        TolerantJson.String(e, "operator"),
        TolerantJson.String(e, "product"),
        Storable(TolerantJson.Decimal(e, "price") ?? 0m, "order price") is >= 0 and var price ? price : throw new FormatException("order price is negative"),
        (TolerantJson.String(e, "status") ?? throw new FormatException("order has no status")).ToUpperInvariant(),
        TolerantJson.String(e, "country"),
        TolerantJson.Time(e, "created_at"),
        TolerantJson.Time(e, "expires"),
        ParseSms(e));

    /// <summary>Orders come as a plain array (documented) or as <c>{"Data": [...], "Total": N}</c> (5sim).</summary>
    public static OrderPage ParseOrderPage(JsonElement e)
    {
        var (items, total) = Unwrap(e, "orders");
        return new OrderPage(items.Select(ParseOrder).ToList(), total);
    }

    public static IReadOnlyList<Payment> ParsePayments(JsonElement e)
    {
        var (items, _) = Unwrap(e, "payments");
        return items.Select(p => new Payment(
            TolerantJson.Long(p, "id") ?? throw new FormatException("payment has no id"),
            TolerantJson.String(p, "type") ?? TolerantJson.String(p, "type_name"),
            TolerantJson.String(p, "provider") ?? TolerantJson.String(p, "provider_name"),
            Storable(TolerantJson.Decimal(p, "amount") ?? throw new FormatException("payment has no amount"), "payment amount"),
            TolerantJson.Decimal(p, "balance") is { } balance ? Storable(balance, "payment balance") : null,
            TolerantJson.Time(p, "created_at"))).ToList();
    }

    /// <summary>
    /// Money the store can hold exactly (4 decimals, within range); anything else makes the answer invalid here, as a
    /// typed error, rather than an ArgumentException from the store halfway through a transaction.
    /// </summary>
    private static decimal Storable(decimal value, string what) =>
        Storage.Money.TryToUnits(value, out _) ? value : throw new FormatException($"{what} {value} is out of range or has more than 4 decimal places");

    private static List<Sms> ParseSms(JsonElement order)
    {
        if (!TolerantJson.TryGet(order, "sms", out var sms) || sms.ValueKind != JsonValueKind.Array)
            return [];
        return sms.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object)
            .Select(s => new Sms(
                TolerantJson.Time(s, "created_at") ?? TolerantJson.Time(s, "date"),
                TolerantJson.String(s, "code"),
                TolerantJson.String(s, "text"),
                TolerantJson.String(s, "sender")))
            .ToList();
    }

    private static (IEnumerable<JsonElement> Items, long? Total) Unwrap(JsonElement e, string what)
    {
        if (e.ValueKind == JsonValueKind.Array)
            return (e.EnumerateArray(), null);
        if (e.ValueKind == JsonValueKind.Object && TolerantJson.TryGet(e, "Data", out var data))
        {
            if (data.ValueKind == JsonValueKind.Null)
                return ([], TolerantJson.Long(e, "Total"));
            if (data.ValueKind == JsonValueKind.Array)
                return (data.EnumerateArray(), TolerantJson.Long(e, "Total"));
        }
        throw new FormatException($"expected an array of {what} or {{\"Data\": [...]}}, got {e.ValueKind}");
    }
}
