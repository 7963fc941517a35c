using System.Globalization;
using System.Net;
using System.Text;
using SmsBuyz.Analytics.Account;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// The report's providers-and-accounts section: per account, its last known balance, what it spent in the period, how
/// often its orders got a code and how soon (accounts.csv and a table); every account in scope, those without orders too.
/// </summary>
public static class AccountsReport
{
    public const string File = "accounts.csv";

    public static readonly string[] Header =
        ["provider", "account", "email", "balance", "balance_at", "open_orders", "orders", "gross_spent", "refunded", "net_spent", "decided",
         "with_code", "success_rate", "ci95_low", "ci95_high", "timed", "median_seconds_to_code", "p90_seconds_to_code"];

    /// <summary>One account's line: the stored account, its spend summed over products, its delivery over all its offers.</summary>
    public sealed record Line(AccountRow Account, SpendRow Spend, OfferDelivery Delivery);

    public static IReadOnlyList<Line> Lines(ReportData data)
    {
        var spend = data.SpendByProduct.GroupBy(r => (r.Provider, r.Account)).ToDictionary(g => g.Key, g => new SpendRow
        {
            Provider = g.Key.Provider, Account = g.Key.Account, Orders = g.Sum(r => r.Orders), Gross = g.Sum(r => r.Gross), Refunded = g.Sum(r => r.Refunded),
        });
        var delivery = data.AccountTotals.ToDictionary(d => (d.Provider, d.Account), d => d.Record);
        return [.. data.Accounts.Select(a => new Line(a, spend.GetValueOrDefault((a.Provider, a.Account)) ?? new SpendRow(),
            delivery.GetValueOrDefault((a.Provider, a.Account)) ?? OfferDelivery.None))];
    }

    public static Task WriteAsync(string folder, ReportData data, CancellationToken ct) =>
        CsvFile.WriteAsync(Path.Combine(folder, File), Header, Lines(data).Select(l => (string?[])
            [l.Account.Provider, l.Account.Account, l.Account.Email, l.Account.Balance is { } b ? CsvExporter.Amount(b) : null, CsvExporter.Time(l.Account.BalanceAt),
             N(l.Account.OpenOrders), N(l.Spend.Orders), CsvExporter.Amount(l.Spend.Gross), CsvExporter.Amount(l.Spend.Refunded), CsvExporter.Amount(l.Spend.Net),
             N(l.Delivery.Decided), N(l.Delivery.WithCode), F(l.Delivery.Success?.Value), F(l.Delivery.Success?.Low), F(l.Delivery.Success?.High),
             N(l.Delivery.Timed), S(l.Delivery.MedianToCode), S(l.Delivery.P90ToCode)]).ToAsyncEnumerable(), TextWriter.Null, ct);

    public static string Table(ReportData data)
    {
        var lines = Lines(data);
        if (lines.Count == 0)
            return "<p class=\"nodata\">no data for accounts: no account is stored for this selection</p>\n";
        var html = new StringBuilder("<table><tr><th>account</th><th>balance (latest account sweep)</th><th>orders</th><th>net spent</th>"
            + "<th>success rate (95 % interval)</th><th>median to code</th><th>p90 to code</th></tr>\n");
        foreach (var (a, spend, d) in lines)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(a.Name)}</td><td>{E(a.BalanceText)}</td><td>{spend.Orders}</td>"
                + $"<td>{CsvExporter.Amount(spend.Net)}</td><td>{Rate(d)}</td><td>{Seconds(d.MedianToCode)}</td><td>{Seconds(d.P90ToCode)}</td></tr>\n");
        return html.Append("</table>\n").ToString();
    }

    private static string Rate(OfferDelivery d) => d.Success is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{s.Value * 100:0} % of {d.Decided} ({s.Low * 100:0}–{s.High * 100:0} %)") : "none decided";

    private static string Seconds(TimeSpan? t) => t is null ? "" : S(t) + " s";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? F(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string? S(TimeSpan? t) => t?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
