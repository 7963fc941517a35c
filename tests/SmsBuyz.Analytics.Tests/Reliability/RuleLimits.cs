using System.Globalization;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>
/// The per-rule and daily limits of a crash or several-workers run, checked twice: as we count them (bought intents per
/// rule and UTC day, joined to the stored orders' prices) and as the provider counts them (its orders per product and
/// UTC day). Rule n is named <c>{prefix}{n}</c> and buys <c>products[n]</c> within <c>limits[n]</c>.
/// </summary>
internal static class RuleLimits
{
    public static void AssertWithin(IEnumerable<(string Rule, string Day, long Orders, long Spent)> perDay, IReadOnlyList<SandboxOrder> remote,
        IReadOnlyList<string> products, IReadOnlyList<(int Orders, decimal Spend)> limits, decimal dailyBudget, string prefix)
    {
        var days = perDay.ToList();
        foreach (var day in days)
        {
            var limit = limits[int.Parse(day.Rule[prefix.Length..], CultureInfo.InvariantCulture)];
            Assert.InRange(day.Orders, 1, limit.Orders);
            Assert.InRange(Money.FromUnits(day.Spent), 0m, limit.Spend);
        }
        foreach (var day in days.GroupBy(d => d.Day))
            Assert.InRange(Money.FromUnits(day.Sum(d => d.Spent)), 0m, dailyBudget);
        for (var n = 0; n < products.Count; n++)
        {
            foreach (var day in remote.Where(o => o.Product == products[n]).GroupBy(o => o.CreatedAt.UtcDateTime.Date))
            {
                Assert.InRange(day.Count(), 1, limits[n].Orders);
                Assert.InRange(day.Sum(o => o.Price), 0m, limits[n].Spend);
            }
        }
    }
}
