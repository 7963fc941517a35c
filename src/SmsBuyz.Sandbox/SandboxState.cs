using SmsBuyz.Sandbox.Accounts;
using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox;

/// <summary>
/// The market and the single account behind the API. One lock guards all of it; every read first
/// brings the world up to sandbox now (market ticks, due SMS, expiries), so tests and HTTP
/// clients always see the same consistent state.
/// </summary>
public sealed class SandboxState
{
    private readonly Lock gate = new();
    private readonly SandboxClock clock;
    private readonly World world;
    private int buyRequests;

    internal SandboxState(SandboxOptions options, SandboxClock clock)
    {
        this.clock = clock;
        Account = AccountIdentity.For(options);
        var catalog = new Catalog(options);
        IMarket market = options.Dialect == SandboxDialect.FiveSim ? new FiveSimMarket(catalog, options.Seed) : new MarketBook(catalog, options.Seed);
        var ledger = new Ledger(options.StartingBalance, clock.Now, Account.FirstId);
        world = new World(catalog, market, ledger, new OrderBook(options, ledger, Account.FirstId));
    }

    /// <summary>The <c>id</c> <c>user/profile</c> answers: <see cref="SandboxOptions.AccountId"/>, or the one drawn at start.</summary>
    public long AccountId => Account.Id;

    /// <summary>The <c>email</c> <c>user/profile</c> answers; it names the account, so it differs with it.</summary>
    public string Email => Account.Email;

    /// <summary>The first order id (and payment id) of this account; later ones count up from it.</summary>
    public long FirstId => Account.FirstId;

    internal AccountIdentity Account { get; }

    /// <summary>Sandbox time: accelerated, UTC.</summary>
    public DateTimeOffset Now => clock.Now;

    /// <summary>The market tick in force now; tick n starts at start + n × MarketTick.</summary>
    public long MarketTick => Locked(w => w.Market.Tick);

    public decimal Balance => Locked(w => w.Ledger.Balance);

    /// <summary>Snapshot copies, oldest first.</summary>
    public IReadOnlyList<SandboxOrder> Orders => Locked(w => w.Orders.All.Select(o => o.Snapshot()).ToList());

    /// <summary>Snapshot copies, oldest first.</summary>
    public IReadOnlyList<SandboxPayment> Payments => Locked(w => w.Ledger.Payments.ToList());

    /// <summary>Buy requests that reached the endpoint, including ones whose answer a fault then dropped.</summary>
    public int BuyRequests => Volatile.Read(ref buyRequests);

    /// <summary>Every (country, operator, product) at sandbox now, operators spelled as the dialect answers; per-operator rows only, no "any".</summary>
    public IReadOnlyList<MarketOffer> CurrentOffers() => Locked(w =>
        w.Catalog.Countries.SelectMany(c => c.Operators.SelectMany((op, o) => w.Catalog.Products.Select((product, p) =>
        {
            var offer = w.Catalog.OfferIndex(c, o, p);
            return new MarketOffer(c.Iso, c.Name, op, product, w.Market.Price(offer), w.Market.Qty(offer));
        }))).ToList());

    /// <summary>Sets the balance, recorded as an "adjustment" payment.</summary>
    public void SetBalance(decimal balance) => Locked(w => w.Ledger.Adjust(balance, w.Now));

    /// <summary>Forces one offer (e.g. a price drop or stock 0); holds until the market next moves that offer.</summary>
    public void SetOffer(string countryIso, string operatorName, string product, decimal price, long qty)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        ArgumentOutOfRangeException.ThrowIfNegative(qty);
        Locked(w =>
        {
            var country = w.Catalog.FindCountry(countryIso) ?? throw new ArgumentException($"Unknown country '{countryIso}'.", nameof(countryIso));
            var op = Catalog.FindOperator(country, operatorName);
            var index = w.Catalog.FindProduct(product);
            if (op < 0 || index < 0)
            {
                throw new ArgumentException($"Unknown operator '{operatorName}' or product '{product}' in {country.Iso}.");
            }

            w.Market.Set(w.Catalog.OfferIndex(country, op, index), price, qty);
        });
    }

    /// <summary>
    /// Delivers an SMS now: PENDING becomes RECEIVED; a RECEIVED order gets another SMS.
    /// Throws ArgumentException for an unknown id, InvalidOperationException for a final order.
    /// </summary>
    public void DeliverSms(long orderId, string code) => Locked(w =>
        OrderBook.Deliver(w.Orders.Find(orderId) ?? throw new ArgumentException($"Unknown order {orderId}.", nameof(orderId)), code, w.Now));

    internal void CountBuyRequest() => Interlocked.Increment(ref buyRequests);

    /// <summary>Runs <paramref name="action"/> under the lock on a world brought up to sandbox now.</summary>
    internal T Locked<T>(Func<WorldAt, T> action)
    {
        lock (gate)
        {
            var now = clock.Now;
            world.Market.AdvanceTo(clock.TickAt(now));
            world.Orders.Settle(now);
            return action(new WorldAt(world, now));
        }
    }

    private void Locked(Action<WorldAt> action) => Locked(w =>
    {
        action(w);
        return 0;
    });
}
