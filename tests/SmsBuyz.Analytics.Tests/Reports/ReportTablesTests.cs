using System.Collections.Concurrent;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// Every CSV's header and a hand-computed row of the fixed history in <see cref="ReportFixture"/>, on each provider:
/// the same history gives the same files.
/// </summary>
public sealed class ReportTablesTests(ReportTablesTests.Reports reports) : IClassFixture<ReportTablesTests.Reports>
{
    /// <summary>The report of the fixed history, built once per provider for every test of the class.</summary>
    public sealed class Reports : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "smsbuyz-report-tests", Guid.NewGuid().ToString("N"));
        private readonly ConcurrentDictionary<StorageProvider, Lazy<Task<string>>> _built = new();

        public Task<string> FolderAsync(StorageProvider provider) =>
            _built.GetOrAdd(provider, p => new Lazy<Task<string>>(() => BuildAsync(Path.Combine(_root, p.ToString()), p))).Value;

        private static async Task<string> BuildAsync(string folder, StorageProvider provider)
        {
            await using var services = await ReportFixture.CreateAsync(folder, provider: provider);
            await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), folder, new Progress<string>(), CancellationToken.None);
            return folder;
        }

        public void Dispose()
        {
            if (Directory.Exists(_root))
                Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<string[]> Lines(StorageProvider provider, string file) =>
        await File.ReadAllLinesAsync(Path.Combine(await reports.FolderAsync(provider), file));

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Cheapest_InStockOffersOnly_BestAndRunnerUpSkipTheAnyAggregate(StorageProvider provider)
    {
        var lines = await Lines(provider, "cheapest.csv");
        Assert.Equal(string.Join(',', ReportTables.CheapestHeader), lines[0]);
        Assert.Equal("telegram,smsbuyz,us,tmobile,0.6,3,2026-01-14T12:00:00.000Z,smsbuyz,ru,beeline,0.8,5,,,,,,", lines[1]);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task PriceStats_WindowsOf7And30And90Days_TimeWeighted(StorageProvider provider)
    {
        var lines = await Lines(provider, "price_stats.csv");
        Assert.Equal("provider,product,country,operator,current,min_7d,max_7d,mean_7d,median_7d,min_30d,max_30d,mean_30d,median_30d,"
            + "min_90d,max_90d,mean_90d,median_90d,current_vs_mean_30d_pct,days_since_lowest_90d,out_of_stock_share_30d", lines[0]);
        // 7 days: 2 at 1.00, 3 at 0.50, 2 at 0.80 -> mean 5.1/7; 10 days of history: (5 + 1.5 + 1.6)/10 = 0.81, 3 of 10 days out of stock.
        Assert.Contains("smsbuyz,telegram,ru,beeline,0.8,0.5,1,0.7286,0.8,0.5,1,0.81,0.8,0.5,1,0.81,0.8,-1.23,2,0.3000", lines);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task SpendDaily_RefundsAreCanceledAndTimedOutOrders(StorageProvider provider)
    {
        Assert.Equal(["day,provider,account,orders,gross_spent,refunded,net_spent", "2026-01-13,smsbuyz,42,2,1.2,0.6,0.6", "2026-01-14,smsbuyz,42,3,2.2,0.5,1.7"], await Lines(provider, "spend_daily.csv"));
        Assert.Equal(["provider,account,product,orders,gross_spent,refunded,net_spent", "smsbuyz,42,telegram,4,2.2,1.1,1.1", "smsbuyz,42,whatsapp,1,1.2,0,1.2"], await Lines(provider, "spend_by_product.csv"));
        Assert.Equal(["provider,account,country,orders,gross_spent,refunded,net_spent", "smsbuyz,42,ru,3,2.2,0.5,1.7", "smsbuyz,42,us,2,1.2,0.6,0.6"], await Lines(provider, "spend_by_country.csv"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Sweeps_PerKind_OkWithErrorsInterruptedAndRunningApart(StorageProvider provider)
    {
        Assert.Equal([string.Join(',', ReportTables.SweepsHeader), "smsbuyz,prices,3,0,1,1,1,10,130,4", "smsbuyz,products,1,1,0,0,0,20,400,12"],
            await Lines(provider, "sweeps.csv"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Delivery_PerOffer_RateWithWilsonIntervalAndTimesToTheFirstSms(StorageProvider provider)
    {
        Assert.Equal(
        [
            string.Join(',', DeliveryReport.Header),
            "smsbuyz,42,telegram,ru,beeline,2,2,1,0.5000,0.0945,0.9055,1,45,45",
            "smsbuyz,42,telegram,us,tmobile,2,2,1,0.5000,0.0945,0.9055,1,30,30",
            "smsbuyz,42,whatsapp,ru,beeline,1,1,1,1.0000,0.2065,1.0000,1,90.5,90.5",
        ], await Lines(provider, "delivery.csv"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Accounts_PerAccount_SpendSuccessAndTimesOverAllItsOrders(StorageProvider provider)
    {
        // 5 orders: 3.4 gross, 1.1 refunded (the TIMEOUT and the CANCELED one); 3 codes of 5 decided, after 30, 45 and 90.5 s.
        // The account was learned from a profile, but no profile row (balance) was stored for it.
        Assert.Equal(
        [
            string.Join(',', AccountsReport.Header),
            "smsbuyz,42,u42@example.com,,,0,5,3.4,1.1,2.3,5,3,0.6000,0.2307,0.8824,3,45,90.5",
        ], await Lines(provider, AccountsReport.File));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task BestHours_EveryHourOfTheWeekOfEachChartedProduct(StorageProvider provider)
    {
        var lines = await Lines(provider, "best_hours.csv");
        Assert.Equal(string.Join(',', BestHoursReport.Header), lines[0]);
        Assert.Equal(168, lines.Count(l => l.StartsWith("telegram,UTC,", StringComparison.Ordinal)));
        Assert.Contains("telegram,UTC,Mon,0,", lines[1], StringComparison.Ordinal);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task SuccessRates_WilsonInterval_OneOfOneIsNotCertain(StorageProvider provider)
    {
        var lines = await Lines(provider, "success_rates.csv");
        Assert.Equal(string.Join(',', ReportTables.SuccessHeader), lines[0]);
        Assert.Contains("smsbuyz,42,telegram,ru,beeline,2,1,1,1,0,0,2,0.5000,0.0945,0.9055", lines);
        Assert.Contains("smsbuyz,42,whatsapp,ru,beeline,1,1,1,0,0,0,1,1.0000,0.2065,1.0000", lines);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Build_ProductAndCountryFilters_TablesHoldOnlyThoseOffers(StorageProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "smsbuyz-report-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var services = await ReportFixture.CreateAsync(folder, provider: provider);
            // The stored order is spelled unlike the filter, as an order bought elsewhere may be: one product however spelled.
            await using (var connection = await services.OpenAsync())
                await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE orders SET product = 'WhatsApp' WHERE product = 'whatsapp'");
            var scope = ReportFixture.Scope(services, ["whatsapp"]);
            await services.Get<ReportBuilder>().BuildAsync(scope, folder, new Progress<string>(), CancellationToken.None);

            Assert.Single(File.ReadAllLines(Path.Combine(folder, "cheapest.csv"))); // whatsapp has no price history here
            Assert.Equal(["provider,account,product,orders,gross_spent,refunded,net_spent", "smsbuyz,42,WhatsApp,1,1.2,0,1.2"], File.ReadAllLines(Path.Combine(folder, "spend_by_product.csv")));

            // Countries as a user types them (a name, another case): the filter matches by identity.
            await services.Get<ReportBuilder>().BuildAsync(scope with { Products = ["Telegram"], Countries = ["RUSSIA"] }, folder,
                new Progress<string>(), CancellationToken.None);
            Assert.Equal("telegram,smsbuyz,ru,beeline,0.8,5,2026-01-13T12:00:00.000Z,,,,,,,,,,,", File.ReadAllLines(Path.Combine(folder, "cheapest.csv"))[1]);
            Assert.Equal(["provider,account,country,orders,gross_spent,refunded,net_spent", "smsbuyz,42,ru,2,1,0.5,0.5"], File.ReadAllLines(Path.Combine(folder, "spend_by_country.csv")));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task AutoBuy_PerRule_FiredBoughtSpentAndSavedVersusThe30DayMedian(StorageProvider provider)
    {
        // Bought ru/beeline at 0.50 (30-day median 0.80) and us/tmobile at 0.60 (median 0.60); one intent failed.
        Assert.Equal(["rule,provider,account,product,fired,bought,spent,saved_vs_period_median", "cheap-tg,smsbuyz,42,telegram,3,2,1.1,0.3"], await Lines(provider, "auto_buy.csv"));
        var folder = await reports.FolderAsync(provider);
        var files = Directory.GetFiles(folder);
        Assert.All(ReportTables.Files, f => Assert.Contains(Path.Combine(folder, f), files));
    }
}
