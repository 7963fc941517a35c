using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.History;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// One offer's page: its latest state, its statistics over the period [<see cref="From"/>, <see cref="To"/>) (null
/// without a value in it), its delivery record over the same period (null without orders), and the enabled rules that
/// cover it.
/// </summary>
public sealed record OfferView(DateTimeOffset Now, SeriesInfo Series, int Days, DateTimeOffset From, DateTimeOffset To,
    WindowStats? Stats, OfferDelivery? Delivery, IReadOnlyList<RuleOptions> Rules);

/// <summary>The periods an offer's page offers, in days; 30 as the report's default.</summary>
public static class OfferPeriods
{
    public static readonly int[] Days = [1, 7, 30, 90, 365];

    public const int Default = 30;

    /// <summary>The period asked for when it is one of <see cref="Days"/>, else the default.</summary>
    public static int Parse(string? days) =>
        int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && Days.Contains(d)
            ? d : Default;
}
