namespace SmsBuyz.Sandbox.Accounts;

/// <summary>
/// The live, mutable order. Whether and when its SMS comes is fixed at buy time
/// (<see cref="SmsDue"/> null = never), so polling frequency cannot change the outcome.
/// </summary>
internal sealed class OrderEntry(
    long id,
    string phone,
    Market.Country country,
    string op,
    string product,
    decimal price,
    DateTimeOffset createdAt,
    DateTimeOffset expires,
    DateTimeOffset? smsDue,
    string plannedCode)
{
    public long Id => id;

    public decimal Price => price;

    public DateTimeOffset Expires => expires;

    public DateTimeOffset? SmsDue => smsDue;

    public string PlannedCode => plannedCode;

    public SandboxOrderStatus Status { get; set; } = SandboxOrderStatus.Pending;

    public List<SandboxSms> Sms { get; } = [];

    public void AddSms(string code, DateTimeOffset at)
    {
        var sender = Market.ProductNames.Sender(product);
        Sms.Add(new SandboxSms(at, code, $"Your {sender} code is {code}", sender));
    }

    public SandboxOrder Snapshot() =>
        new(id, phone, country.Iso, country.Name, op, product, price, Status, createdAt, expires, [.. Sms]);
}
