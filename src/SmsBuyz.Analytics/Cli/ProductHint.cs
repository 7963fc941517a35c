using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// A rule whose product is neither monitored nor stored never fires, and <c>rules check</c> could only say "no stored
/// offer": a misspelled product (<c>telgram</c>) went unnoticed. It is valid (a product may be new, or polled by the
/// rule's own WatchInterval), so it is told, not refused, with the product probably meant.
/// </summary>
internal static class ProductHint
{
    /// <param name="key">The rule's key, <c>Rules:0</c>.</param>
    /// <param name="stored">The products of the stored offers.</param>
    public static string? For(string key, RuleOptions rule, MonitorOptions monitor, IReadOnlyList<string> stored)
    {
        var monitored = monitor.AllProducts ? [] : monitor.Products;
        var known = monitored.Concat(stored).DistinctBy(OfferNames.ProductKey).ToList();
        if (known.Any(p => OfferNames.SameProduct(p, rule.Product)))
            return null;
        var where = monitor.AllProducts ? "has no stored offer" : "is neither in Monitor:Products nor among the stored offers";
        return $"{key}:Product '{rule.Product}' {where}{KeyHints.DidYouMean(rule.Product, known)}";
    }
}
