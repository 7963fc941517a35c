using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

public static class IntentState
{
    /// <summary>Committed with its budget; the buy request is not sent yet.</summary>
    public const string Reserved = "Reserved";
    /// <summary>Marked just before the buy request goes out; whether it arrived is not known yet.</summary>
    public const string Sent = "Sent";
    public const string Bought = "Bought";
    public const string Failed = "Failed";
    /// <summary>The request may have been processed (timeout, 5xx, dropped connection): reconcile before any buy.</summary>
    public const string Unknown = "Unknown";
    /// <summary>A would-be buy in dry-run mode; counts against the dry-run limits only.</summary>
    public const string DryRun = "DryRun";
}

/// <summary>One row of <c>buy_intent</c>.</summary>
public sealed record BuyIntent(long Id, string Rule, string IdemKey, string Mode, string Country, string Operator, string Product,
    decimal MaxPrice, decimal Reserved, string State, long? OrderId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? Error)
{
    internal static BuyIntent From(IntentRow r) => new(r.Id, r.Rule, r.IdemKey, r.Mode, r.Country, r.Operator, r.Product,
        Money.FromUnits(r.MaxPrice), Money.FromUnits(r.Reserved), r.State, r.OrderId, UnixMs.To(r.CreatedAt),
        r.SentAt is { } s ? UnixMs.To(s) : null, r.Error);
}

internal sealed record IntentRow(long Id, string Rule, string IdemKey, string Mode, string Country, string Operator, string Product,
    long MaxPrice, long Reserved, string State, long? OrderId, long CreatedAt, long? SentAt, string? Error)
{
    public const string Columns = """
        id AS Id, rule AS Rule, idem_key AS IdemKey, mode AS Mode, country AS Country, operator AS Operator, product AS Product,
        max_price AS MaxPrice, reserved AS Reserved, state AS State, order_id AS OrderId, created_at AS CreatedAt, sent_at AS SentAt, error AS Error
        """;
}
