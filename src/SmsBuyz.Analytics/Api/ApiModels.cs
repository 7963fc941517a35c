namespace SmsBuyz.Analytics.Api;

public sealed record Profile(long Id, string? Email, decimal Balance, decimal Rating, string? DefaultOperator);

/// <summary>One SMS of an order. <see cref="Code"/> stays a string: codes have leading zeros.</summary>
public sealed record Sms(DateTimeOffset? CreatedAt, string? Code, string? Text, string? Sender);

public sealed record Order(
    long Id,
    string? Phone,
    string? Operator,
    string? Product,
    decimal Price,
    string Status,
    string? Country,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? Expires,
    IReadOnlyList<Sms> Sms)
{
    /// <summary>The order lifetime when the API does not send <c>expires</c>.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(20);

    /// <summary>"Code arrived" means an SMS is present, whatever the status says.</summary>
    public bool HasCode => Sms.Count > 0;

    public DateTimeOffset? Deadline => Expires ?? CreatedAt?.Add(DefaultLifetime);

    public bool IsFinal => OrderStatus.IsFinal(Status);
}

/// <summary>The API's order statuses (stored upper-case, as parsed) and the groups decisions and queries use.</summary>
public static class OrderStatus
{
    public const string Pending = "PENDING";
    public const string Received = "RECEIVED";
    public const string Finished = "FINISHED";
    public const string Canceled = "CANCELED";
    public const string Banned = "BANNED";
    public const string Timeout = "TIMEOUT";

    /// <summary>Still running: a number may still get a code, or be finished, cancelled or banned.</summary>
    public static readonly IReadOnlyList<string> Open = [Pending, Received];

    /// <summary>Nothing more happens to the order.</summary>
    public static readonly IReadOnlyList<string> Final = [Finished, Canceled, Banned, Timeout];

    /// <summary>Ended with the price given back in full: cancelled by the buyer, or expired without a code.</summary>
    public static readonly IReadOnlyList<string> Refunded = [Canceled, Timeout];

    public static bool IsFinal(string status) => Final.Contains(status);
}

public sealed record Payment(long Id, string? Type, string? Provider, decimal Amount, decimal? Balance, DateTimeOffset? CreatedAt);

/// <summary>One product of <c>guest/products/{country}/{operator}</c>.</summary>
public readonly record struct ProductOffer(string Product, string? Category, long Qty, decimal Price);

/// <summary>One leaf of <c>guest/prices</c>: a product's cost and count in one country and operator.</summary>
public readonly record struct PriceOffer(string Country, string Operator, string Product, decimal Cost, long Count);

/// <summary>One page of <c>user/orders</c>; <see cref="Total"/> is known only for the wrapped shape.</summary>
public sealed record OrderPage(IReadOnlyList<Order> Orders, long? Total);
