namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>The <c>Monitor</c> section: which part of the market a sweep covers.</summary>
public sealed class MonitorOptions
{
    public const string Section = "Monitor";
    public const string All = "*";

    /// <summary>Country ISO codes (or names the API accepts) for guest products and prices.</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>
    /// Operators whose rows (every product) a products sweep keeps per country; "any" is the API's aggregate, which only
    /// <c>guest/products/{country}/any</c> reports. The others are usually taken from a price list (see <see cref="SweepPlanner"/>).
    /// </summary>
    public List<string> Operators { get; set; } = [];

    /// <summary>Products a prices sweep keeps at every operator; <c>["*"]</c> means every product of each country.</summary>
    public List<string> Products { get; set; } = [];

    // Defaults applied after binding: a bound list would otherwise be appended to, not replaced.
    public static readonly string[] DefaultCountries = ["ru", "us", "gb", "ua", "kz", "ph", "id", "vn", "pl", "in"];
    public static readonly string[] DefaultOperators = ["any"];
    public static readonly string[] DefaultProducts = ["telegram", "whatsapp", "google", "microsoft", "amazon"];

    public bool AllProducts => Products.Count == 1 && Products[0].Trim() == All;
}
