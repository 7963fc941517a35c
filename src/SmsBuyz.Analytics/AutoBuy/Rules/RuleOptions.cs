using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

public enum Baseline { Median, Mean, Min }

/// <summary>
/// One entry of the <c>Rules</c> array: what to buy (product, countries, operators), when (every condition set
/// must hold), and how much at most (the limits). Unset conditions and limits do not apply.
/// </summary>
public sealed class RuleOptions
{
    public const string AllCountries = "*";

    public string Name { get; set; } = "";
    public string Product { get; set; } = "";

    /// <summary>ISO codes or country names (<c>ru</c>, <c>russia</c>), or <c>["*"]</c> for every country in the stored market.</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>Operator names, or <c>["any"]</c> (the default) for every operator.</summary>
    public List<string> Operators { get; set; } = [];

    /// <summary>Buy only at or below this price.</summary>
    public decimal? MaxPrice { get; set; }

    /// <summary>Buy only at least this many percent below the <see cref="Baseline"/> over <see cref="Window"/>.</summary>
    public decimal? DropPercent { get; set; }

    public Baseline Baseline { get; set; } = Baseline.Median;
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Buy only when the price is the lowest seen in this many days (ties count).</summary>
    public int? LowestInDays { get; set; }

    /// <summary>Buy only when at least this many numbers are in stock.</summary>
    public long MinQty { get; set; } = 1;

    public int? MaxOrdersPerDay { get; set; }
    public decimal? MaxSpendPerDay { get; set; }
    public int? MaxOrdersTotal { get; set; }
    public TimeSpan Cooldown { get; set; } = TimeSpan.Zero;
    public bool Enabled { get; set; } = true;

    /// <summary>When set (5 s or more), guest/prices is polled this often for this rule's product and countries.</summary>
    public TimeSpan? WatchInterval { get; set; }

    /// <summary>
    /// The providers it buys at, by their configured names (<c>smsbuyz</c>, <c>5sim</c>); empty (the default): every
    /// configured provider. Among the offers that pass at all of them, the best by <see cref="RankBy"/> is bought.
    /// </summary>
    public List<string> Providers { get; set; } = [];

    /// <summary>How matching offers are ranked: by price, or by expected cost per code (<see cref="DeliveryRank"/>).</summary>
    public RankBy RankBy { get; set; } = RankBy.Price;

    /// <summary>Skip offers whose success rate's 95 % lower bound is below this share (0–1) once they have <see cref="MinDecided"/> decided orders.</summary>
    public double? MinSuccessRate { get; set; }

    /// <summary>Decided orders an offer needs before its own delivery record counts; until then the prior does.</summary>
    public int MinDecided { get; set; } = 5;

    /// <summary><c>Buy</c>, or <c>Notify</c>: only announce (log and webhook) offers crossing the conditions, never buy.</summary>
    public RuleAction Action { get; set; } = RuleAction.Buy;

    /// <summary>A Notify rule's extra condition: alert when an offer that was out of stock (below MinQty) is back.</summary>
    public bool InStock { get; set; }

    /// <summary>A Notify rule alerts again on an offer only after its conditions were false this long ...</summary>
    public TimeSpan RearmAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>... or once the price moved more than this many percent from the alerted price (empty: never on a move).</summary>
    public decimal? RearmOnMovePercent { get; set; } = 10;

    public bool AllCountriesWanted => Countries.Count == 1 && Countries[0] == AllCountries;
    public bool AnyOperatorWanted => Operators.Count == 0 || Operators.Any(OfferNames.IsAnyOperator);

    /// <summary>Whether an offer is one this rule buys, by identity: <c>russia</c> covers <c>ru</c>, <c>virtual1</c> covers <c>Virtual1</c>.</summary>
    public bool Covers(string country, string operatorName, string product) =>
        OfferNames.SameProduct(product, Product)
        && (AllCountriesWanted || Countries.Any(c => OfferNames.SameCountry(c, country)))
        && (AnyOperatorWanted || Operators.Any(o => OfferNames.SameOperator(o, operatorName)));

    /// <summary>Whether the rule buys at the provider so named (names compare as configuration keys do, ignoring case).</summary>
    public bool BuysAt(string provider) =>
        Providers.Count == 0 || Providers.Any(p => string.Equals(p.Trim(), provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The countries as ISO codes, as guest/prices and buy take them (none for <c>["*"]</c>).</summary>
    public IEnumerable<string> CountryCodes => AllCountriesWanted ? [] : Countries.Select(OfferNames.CountryKey).Distinct();
}

/// <summary>The root's <c>Rules</c> array, bound as one options object so a reload swaps all rules at once.</summary>
public sealed class RulesOptions
{
    public const string Section = "Rules";

    public List<RuleOptions> Rules { get; set; } = [];
}
