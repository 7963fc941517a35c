namespace SmsBuyz.Sandbox;

/// <summary>How the sandbox market and account behave. Every value has a working default.</summary>
public sealed class SandboxOptions
{
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

    public string ApiKey { get; set; } = "sandbox-key";

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

    /// <summary>Array as documented, or wrapped as on the related 5sim API.</summary>
    public OrdersShape OrdersShape { get; set; } = OrdersShape.Array;

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
        Require(!string.IsNullOrWhiteSpace(ApiKey), nameof(ApiKey), "must not be empty");
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
