using System.Globalization;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The report's CSV files (CsvHelper, invariant culture, ISO-8601 UTC, exact money), each written atomically.</summary>
public static class ReportTables
{
    public static readonly string[] Files =
        ["cheapest.csv", "price_stats.csv", "spend_daily.csv", "spend_by_product.csv", "spend_by_country.csv", "success_rates.csv", "auto_buy.csv",
         "sweeps.csv", DeliveryReport.File, BestHoursReport.File, AccountsReport.File];

    /// <summary>
    /// Per product: the cheapest offer (its provider first), the runner-up anywhere, and the cheapest at another provider
    /// with how much dearer it is (<c>other_provider_difference</c>).
    /// </summary>
    public static readonly string[] CheapestHeader =
        ["product", "provider", "country", "operator", "price", "qty", "since", "runner_up_provider", "runner_up_country", "runner_up_operator",
         "runner_up_price", "runner_up_qty", "other_provider", "other_provider_country", "other_provider_operator", "other_provider_price",
         "other_provider_qty", "other_provider_difference"];

    public static readonly string[] StatsHeader =
        ["provider", "product", "country", "operator", "current", .. PriceStats.WindowDays.SelectMany(d => new[] { $"min_{d}d", $"max_{d}d", $"mean_{d}d", $"median_{d}d" }),
         "current_vs_mean_30d_pct", "days_since_lowest_90d", "out_of_stock_share_30d"];

    public static readonly string[] SpendHeader = ["orders", "gross_spent", "refunded", "net_spent"];

    /// <summary>Whose the rows of the spend, success and auto-buy tables are.</summary>
    public static readonly string[] AccountColumns = ["provider", "account"];

    public static readonly string[] SuccessHeader =
        [.. AccountColumns, "product", "country", "operator", "orders", "with_code", "finished", "canceled", "timeout", "banned", "decided", "success_rate", "ci95_low", "ci95_high"];

    /// <summary>Per rule: intents (dry-run ones too), bought orders, money spent, and saved versus the 30-day median.</summary>
    public static readonly string[] AutoBuyHeader = ["rule", .. AccountColumns, "product", "fired", "bought", "spent", "saved_vs_period_median"];

    public static readonly string[] SweepsHeader = ["provider", "kind", "sweeps", "ok", "with_errors", "interrupted", "running", "requests", "points", "changes"];

    public static async Task WriteAsync(string folder, ReportData data, IReadOnlyList<StatsRow> stats, CancellationToken ct)
    {
        await Write(folder, "cheapest.csv", CheapestHeader, data.Cheapest.Select(c => (string?[])
            [c.Product, c.Best?.Provider, c.Best?.Country, c.Best?.Operator, Amount(c.Best?.Price), Number(c.Best?.Qty), Time(c.Best?.ChangedAt),
             c.RunnerUp?.Provider, c.RunnerUp?.Country, c.RunnerUp?.Operator, Amount(c.RunnerUp?.Price), Number(c.RunnerUp?.Qty),
             c.Elsewhere?.Provider, c.Elsewhere?.Country, c.Elsewhere?.Operator, Amount(c.Elsewhere?.Price), Number(c.Elsewhere?.Qty),
             Amount(c.ElsewhereDifference)]), ct);
        await Write(folder, "price_stats.csv", StatsHeader, stats.Select(StatsFields), ct);
        await Write(folder, "spend_daily.csv", ["day", .. AccountColumns, .. SpendHeader], data.SpendDaily.Select(r => (string?[])
            [r.Key, r.Provider, r.Account, .. SpendFields(r)]), ct);
        await Write(folder, "spend_by_product.csv", [.. AccountColumns, "product", .. SpendHeader], data.SpendByProduct.Select(KeyedSpend), ct);
        await Write(folder, "spend_by_country.csv", [.. AccountColumns, "country", .. SpendHeader], data.SpendByCountry.Select(KeyedSpend), ct);
        await Write(folder, "success_rates.csv", SuccessHeader, data.Outcomes.Select(o =>
        {
            var rate = Rate.Of(o.WithCode, o.Decided);
            return (string?[])[o.Provider, o.Account, o.Product, o.Country, o.Operator, Number(o.Orders), Number(o.WithCode), Number(o.Finished), Number(o.Canceled),
                Number(o.Timeout), Number(o.Banned), Number(o.Decided), Fraction(rate?.Value), Fraction(rate?.Low), Fraction(rate?.High)];
        }), ct);
        await Write(folder, "auto_buy.csv", AutoBuyHeader, ReportQueries.AutoBuy(data.Intents, stats).Select(a => (string?[])
            [a.Rule, a.Provider, a.Account, a.Product, Number(a.Fired), Number(a.Bought), Amount(a.Spent), Amount(a.Saved)]), ct);
        await DeliveryReport.WriteAsync(folder, data, ct);
        await BestHoursReport.WriteAsync(folder, data, ct);
        await AccountsReport.WriteAsync(folder, data, ct);
        await Write(folder, "sweeps.csv", SweepsHeader, data.Sweeps.Select(s => (string?[])
            [s.Provider, s.Kind, Number(s.Sweeps), Number(s.Ok), Number(s.WithErrors), Number(s.Interrupted), Number(s.Running),
             Number(s.Requests), Number(s.Points), Number(s.Changes)]), ct);
    }

    private static string?[] StatsFields(StatsRow row)
    {
        var fields = new List<string?> { row.Series.Provider, row.Series.Product, row.Series.Country, row.Series.Operator, Amount(row.Current) };
        foreach (var w in row.Windows)
            fields.AddRange([Amount(w?.Min), Amount(w?.Max), Amount(w?.Mean), Amount(w?.Median)]);
        var month = row.Month;
        var vsMean = row.Current is { } current && month is { Mean: > 0 } m ? Math.Round((current - m.Mean) * 100m / m.Mean, 2) : (decimal?)null;
        fields.AddRange([vsMean?.ToString(CultureInfo.InvariantCulture), Number(row.Quarter?.DaysSinceLowest), Fraction(month?.OutOfStockShare)]);
        return [.. fields];
    }

    private static string?[] SpendFields(SpendRow r) => [Number(r.Orders), Amount(r.Gross), Amount(r.Refunded), Amount(r.Net)];

    private static string?[] KeyedSpend(SpendRow r) => [r.Provider, r.Account, r.Key, .. SpendFields(r)];

    private static Task<int> Write(string folder, string name, string[] header, IEnumerable<string?[]> rows, CancellationToken ct) =>
        CsvFile.WriteAsync(Path.Combine(folder, name), header, rows.ToAsyncEnumerable(), TextWriter.Null, ct);

    private static string? Amount(long? units) => units is { } u ? CsvExporter.Amount(u) : null;

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Time(long? ms) => CsvExporter.Time(ms);

    private static string? Fraction(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture);
}
