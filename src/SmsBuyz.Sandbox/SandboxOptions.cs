namespace SmsBuyz.Sandbox;

/// <summary>How the sandbox market and account behave. Every value has a working default.</summary>
public sealed class SandboxOptions
{
    private string? apiKey;
    private OrdersShape? ordersShape;

    /// <summary>
    /// Which provider's API to speak. With one seed, a FiveSim sandbox shares the SmsBuyz one's countries, products and
    /// operators (spelled its way) but has its own stock, and prices that are in turn 10 % above and below (see
    /// <see cref="Market.FiveSimMarket"/>), so two sandboxes of one seed are two providers worth comparing.
    /// </summary>
    public SandboxDialect Dialect { get; set; } = SandboxDialect.SmsBuyz;

    /// <summary>Seeds the catalog, the market walk, SMS plans and fault draws; same seed, same world.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Number of countries (1–200). The first ones are real (ru/russia, us/usa, gb/england, ...).</summary>
    public int Countries { get; set; } = 20;

    public int MinOperatorsPerCountry { get; set; } = 2;

    public int MaxOperatorsPerCountry { get; set; } = 4;

    /// <summary>
    /// Operators every country has, in this order (e.g. for a benchmark whose configuration names them); empty: each
    /// country draws a reseller and carriers (<see cref="MinOperatorsPerCountry"/>–<see cref="MaxOperatorsPerCountry"/>).
    /// </summary>
    public IReadOnlyList<string> Operators { get; set; } = [];

    /// <summary>Number of products (at least 1). The first ones are real (telegram, whatsapp, google, ...).</summary>
    public int Products { get; set; } = 100;

    /// <summary>Sandbox seconds per real second, so hours of market movement fit into a short run.</summary>
    public double TimeAcceleration { get; set; } = 1;

    /// <summary>Sandbox time between two market moves.</summary>
    public TimeSpan MarketTick { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The key <c>user/*</c> accepts; default <c>sandbox-key</c>, or <c>sandbox-5sim-key</c> in the FiveSim dialect.</summary>
    public string ApiKey
    {
        get => apiKey ?? (Dialect == SandboxDialect.FiveSim ? "sandbox-5sim-key" : "sandbox-key");
        set => apiKey = value;
    }

    /// <summary>
    /// The account <c>user/profile</c> answers (its <c>id</c>; the e-mail follows). Null (the default): drawn afresh at
    /// every start, not from <see cref="Seed"/>, so a second run, e.g. a second <c>demo</c> into the same database, is a
    /// new account with ids of its own. Set it for a fixed account; tests do.
    /// </summary>
    public long? AccountId { get; set; }

    /// <summary>
    /// The first order id and the first payment id; each counts up from it. Null (the default): from the account's own
    /// block of ids (account × 100,000 + 1), so two accounts never share an id. 1 gives the documentation's small ids.
    /// </summary>
    public long? FirstId { get; set; }

    public decimal StartingBalance { get; set; } = 100m;

    /// <summary>Share of orders whose SMS never comes (they end in TIMEOUT unless canceled).</summary>
    public double SmsNeverProbability { get; set; } = 0.2;

    /// <summary>
    /// Per operator name (any case), the share of its orders whose SMS never comes, in place of
    /// <see cref="SmsNeverProbability"/>: a market where one operator rarely delivers and another always does.
    /// </summary>
    public Dictionary<string, double> SmsNeverProbabilityByOperator { get; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan SmsDelayMin { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan SmsDelayMax { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan OrderLifetime { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Array as documented, or wrapped as on the related 5sim API (the FiveSim dialect's default).</summary>
    public OrdersShape OrdersShape
    {
        get => ordersShape ?? (Dialect == SandboxDialect.FiveSim ? OrdersShape.Wrapped : OrdersShape.Array);
        set => ordersShape = value;
    }

    /// <summary>Injected failures; switchable while the server runs.</summary>
    public SandboxFaults Faults { get; } = new();

    /// <summary>Fails at start with the setting's name rather than with odd behaviour later.</summary>
    internal void Validate()
    {
        Require(Countries is >= 1 and <= Market.CountryNames.Max, nameof(Countries), $"must be 1–{Market.CountryNames.Max}");
        Require(MinOperatorsPerCountry >= 1, nameof(MinOperatorsPerCountry), "must be at least 1");
        Require(MaxOperatorsPerCountry >= MinOperatorsPerCountry && MaxOperatorsPerCountry <= Market.OperatorNames.Max,
            nameof(MaxOperatorsPerCountry), $"must be between MinOperatorsPerCountry and {Market.OperatorNames.Max}");
        Require(Products >= 1, nameof(Products), "must be at least 1");
        Require(Operators.All(o => !string.IsNullOrWhiteSpace(o)) && Operators.Distinct(StringComparer.OrdinalIgnoreCase).Count() == Operators.Count,
            nameof(Operators), "must be distinct, non-empty names");
        Require(TimeAcceleration > 0 && double.IsFinite(TimeAcceleration), nameof(TimeAcceleration), "must be positive");
        Require(MarketTick > TimeSpan.Zero, nameof(MarketTick), "must be positive");
        Require(Enum.IsDefined(Dialect), nameof(Dialect), "must be SmsBuyz or FiveSim");
        Require(!string.IsNullOrWhiteSpace(ApiKey), nameof(ApiKey), "must not be empty");
        Require(AccountId is null or (>= 1 and <= Accounts.AccountIdentity.MaxAccountId), nameof(AccountId),
            $"must be 1–{Accounts.AccountIdentity.MaxAccountId} (or unset: a new account per start)");
        Require(FirstId is null or (>= 1 and <= Accounts.AccountIdentity.MaxAccountId * Accounts.AccountIdentity.Block), nameof(FirstId),
            $"must be 1–{Accounts.AccountIdentity.MaxAccountId * Accounts.AccountIdentity.Block} (or unset: from the account)");
        Require(StartingBalance >= 0, nameof(StartingBalance), "must not be negative");
        Require(SmsNeverProbability is >= 0 and <= 1, nameof(SmsNeverProbability), "must be 0–1");
        Require(SmsNeverProbabilityByOperator.Values.All(p => p is >= 0 and <= 1), nameof(SmsNeverProbabilityByOperator), "must hold shares 0–1");
        Require(SmsDelayMin >= TimeSpan.Zero && SmsDelayMax >= SmsDelayMin, nameof(SmsDelayMax), "must be at least SmsDelayMin >= 0");
        Require(OrderLifetime > TimeSpan.Zero, nameof(OrderLifetime), "must be positive");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, $"SandboxOptions.{name} {rule}.");
        }
    }
}

public enum OrdersShape
{
    /// <summary><c>[...]</c>, as documented.</summary>
    Array,

    /// <summary><c>{"Data":[...],"Total":N}</c>, as on the related 5sim API.</summary>
    Wrapped,
}
