using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// The price thresholds of configured auto-buy rules, drawn on the price charts. Read by key from an optional
/// <c>Rules</c> array (<c>Product</c>, <c>MaxPrice</c>) so reports work with or without the auto-buy feature.
/// </summary>
public static class RuleThresholds
{
    public static IReadOnlyList<(string Product, decimal MaxPrice)> Read(IConfiguration configuration) =>
        configuration.GetSection("Rules").GetChildren()
            .Select(rule => (Product: rule["Product"], Text: rule["MaxPrice"]))
            .Where(r => !string.IsNullOrWhiteSpace(r.Product))
            .Select(r => (r.Product!, Ok: decimal.TryParse(r.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var max), max))
            .Where(r => r.Ok)
            .Select(r => (r.Item1, r.max))
            .ToList();
}
