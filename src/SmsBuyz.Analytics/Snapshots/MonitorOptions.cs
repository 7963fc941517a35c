namespace SmsBuyz.Analytics.Snapshots;

/// <summary>The <c>Monitor</c> section: which part of the market a sweep covers.</summary>
public sealed class MonitorOptions
{
    public const string Section = "Monitor";
    public const string All = "*";

    /// <summary>Country ISO codes (or names the API accepts) for guest products and prices.</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>Operators for <c>guest/products/{country}/{operator}</c>; "any" is the API's aggregate.</summary>
    public List<string> Operators { get; set; } = [];

    /// <summary>Products for <c>guest/prices</c>; <c>["*"]</c> means every product of each country.</summary>
    public List<string> Products { get; set; } = [];

    // Defaults applied after binding: a bound list would otherwise be appended to, not replaced.
    public static readonly string[] DefaultCountries = ["ru", "us", "gb", "ua", "kz", "ph", "id", "vn", "pl", "in"];
    public static readonly string[] DefaultOperators = ["any"];
    public static readonly string[] DefaultProducts = ["telegram", "whatsapp", "google", "microsoft", "amazon"];

    public bool AllProducts => Products.Count == 1 && Products[0].Trim() == All;
}
