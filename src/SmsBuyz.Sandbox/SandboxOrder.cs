namespace SmsBuyz.Sandbox;

/// <summary>A snapshot of one order, as the sandbox holds it (<see cref="Phone"/> in digits, without a plus).</summary>
public sealed record SandboxOrder(
    long Id,
    string Phone,
    string CountryIso,
    string CountryName,
    string Operator,
    string Product,
    decimal Price,
    SandboxOrderStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset Expires,
    IReadOnlyList<SandboxSms> Sms);

/// <summary>One SMS; the code stays a string because codes have leading zeros.</summary>
public sealed record SandboxSms(DateTimeOffset CreatedAt, string Code, string Text, string Sender);

/// <summary>One row of <c>user/payments</c>; <see cref="Balance"/> is the balance after it.</summary>
public sealed record SandboxPayment(long Id, string Type, string Provider, decimal Amount, decimal Balance, DateTimeOffset CreatedAt);

public enum SandboxOrderStatus
{
    Pending,
    Received,
    Finished,
    Canceled,
    Banned,
    Timeout,
}
