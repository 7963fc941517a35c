using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Accounts;

/// <summary>Every order of the single account, and the rules for moving between statuses.</summary>
internal sealed class OrderBook(SandboxOptions options, Ledger ledger, long firstId)
{
    private readonly List<OrderEntry> orders = [];

    public IReadOnlyList<OrderEntry> All => orders;

    public OrderEntry? Find(long id) => orders.Find(o => o.Id == id);

    /// <summary>
    /// Charges the price and opens a PENDING order with its SMS plan drawn from (seed, n) for the n-th order: from its
    /// place in the book, not from its id, so a run's outcomes depend on the seed alone, whatever account it runs as.
    /// </summary>
    public OrderEntry Open(Country country, string op, string product, decimal price, DateTimeOffset now)
    {
        var n = orders.Count + 1;
        var id = firstId + n - 1;
        var random = SeededRandom.For(options.Seed, options.Dialect.Stream("order"), n);
        var phone = country.PhonePrefix + random.Between(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var never = options.SmsNeverProbabilityByOperator.TryGetValue(op, out var share) ? share : options.SmsNeverProbability;
        DateTimeOffset? due = random.NextDouble() < never
            ? null
            : now + options.SmsDelayMin + ((options.SmsDelayMax - options.SmsDelayMin) * random.NextDouble());

        // Six digits from 0–999999 keeps leading zeros ("012345") about one time in ten.
        var code = random.Next(1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var order = new OrderEntry(id, phone, country, op, product, price, now, now + options.OrderLifetime, due, code);
        ledger.Charge(price, now);
        orders.Add(order);
        return order;
    }

    /// <summary>Applies what became due by <paramref name="now"/>: planned SMS, then expiry with refund.</summary>
    public void Settle(DateTimeOffset now)
    {
        foreach (var order in orders.Where(o => o.Status == SandboxOrderStatus.Pending))
        {
            if (order.SmsDue is { } due && due <= now && due < order.Expires)
            {
                Deliver(order, order.PlannedCode, due);
            }
            else if (now >= order.Expires)
            {
                order.Status = SandboxOrderStatus.Timeout;
                ledger.Refund(order.Price, order.Expires);
            }
        }
    }

    /// <summary>An SMS moves PENDING to RECEIVED; a RECEIVED order may get more.</summary>
    public static void Deliver(OrderEntry order, string code, DateTimeOffset at)
    {
        if (order.Status is not (SandboxOrderStatus.Pending or SandboxOrderStatus.Received))
        {
            throw new InvalidOperationException($"Order {order.Id} is {order.Status}; it cannot receive an SMS.");
        }

        order.AddSms(code, at);
        order.Status = SandboxOrderStatus.Received;
    }

    /// <summary>Null when done, else the reason the provider gives for a 400.</summary>
    public static string? Finish(OrderEntry order)
    {
        if (order.Status != SandboxOrderStatus.Received)
        {
            return $"order is {Api(order.Status)}, only RECEIVED can be finished";
        }

        order.Status = SandboxOrderStatus.Finished;
        return null;
    }

    public string? Cancel(OrderEntry order, DateTimeOffset now)
    {
        if (order.Status != SandboxOrderStatus.Pending)
        {
            return $"order is {Api(order.Status)}, only PENDING can be canceled";
        }

        order.Status = SandboxOrderStatus.Canceled;
        ledger.Refund(order.Price, now);
        return null;
    }

    /// <summary>Banning before a code came refunds, as canceling would; after a code it does not.</summary>
    public string? Ban(OrderEntry order, DateTimeOffset now)
    {
        if (order.Status is not (SandboxOrderStatus.Pending or SandboxOrderStatus.Received))
        {
            return $"order is {Api(order.Status)}, only PENDING or RECEIVED can be banned";
        }

        if (order.Status == SandboxOrderStatus.Pending)
        {
            ledger.Refund(order.Price, now);
        }

        order.Status = SandboxOrderStatus.Banned;
        return null;
    }

    public static string Api(SandboxOrderStatus status) => status.ToString().ToUpperInvariant();
}
