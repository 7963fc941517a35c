using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>Every CSV's header and a hand-computed row of the fixed history in <see cref="ReportFixture"/>.</summary>
public sealed class ReportTablesTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "smsbuyz-report-tests", Guid.NewGuid().ToString("N"));
    private string[] _files = [];

    public async Task InitializeAsync()
    {
        await using var services = await ReportFixture.CreateAsync(_folder);
        await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), _folder, new Progress<string>(), CancellationToken.None);
        _files = Directory.GetFiles(_folder);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private string[] Lines(string file) => File.ReadAllLines(Path.Combine(_folder, file));

    [Fact]
    public void Cheapest_InStockOffersOnly_BestAndRunnerUpSkipTheAnyAggregate()
    {
        var lines = Lines("cheapest.csv");
        Assert.Equal(string.Join(',', ReportTables.CheapestHeader), lines[0]);
        Assert.Equal("telegram,us,tmobile,0.6,3,2026-01-14T12:00:00.000Z,ru,beeline,0.8,5", lines[1]);
    }

    [Fact]
    public void PriceStats_WindowsOf7And30And90Days_TimeWeighted()
    {
        var lines = Lines("price_stats.csv");
        Assert.Equal("product,country,operator,current,min_7d,max_7d,mean_7d,median_7d,min_30d,max_30d,mean_30d,median_30d,"
            + "min_90d,max_90d,mean_90d,median_90d,current_vs_mean_30d_pct,days_since_lowest_90d,out_of_stock_share_30d", lines[0]);
        // 7 days: 2 at 1.00, 3 at 0.50, 2 at 0.80 -> mean 5.1/7; 10 days of history: (5 + 1.5 + 1.6)/10 = 0.81, 3 of 10 days out of stock.
        Assert.Contains("telegram,ru,beeline,0.8,0.5,1,0.7286,0.8,0.5,1,0.81,0.8,0.5,1,0.81,0.8,-1.23,2,0.3000", lines);
    }

    [Fact]
    public void SpendDaily_RefundsAreCanceledAndTimedOutOrders()
    {
        Assert.Equal(["day,orders,gross_spent,refunded,net_spent", "2026-01-13,2,1.2,0.6,0.6", "2026-01-14,3,2.2,0.5,1.7"], Lines("spend_daily.csv"));
        Assert.Equal(["product,orders,gross_spent,refunded,net_spent", "telegram,4,2.2,1.1,1.1", "whatsapp,1,1.2,0,1.2"], Lines("spend_by_product.csv"));
        Assert.Equal(["country,orders,gross_spent,refunded,net_spent", "ru,3,2.2,0.5,1.7", "us,2,1.2,0.6,0.6"], Lines("spend_by_country.csv"));
    }

    [Fact]
    public void Sweeps_PerKind_OkWithErrorsInterruptedAndRunningApart()
    {
        Assert.Equal([string.Join(',', ReportTables.SweepsHeader), "prices,3,0,1,1,1,10,130,4", "products,1,1,0,0,0,20,400,12"], Lines("sweeps.csv"));
    }

    [Fact]
    public void Delivery_PerOffer_RateWithWilsonIntervalAndTimesToTheFirstSms()
    {
        Assert.Equal(
        [
            string.Join(',', DeliveryReport.Header),
            "telegram,ru,beeline,2,2,1,0.5000,0.0945,0.9055,1,45,45",
            "telegram,us,tmobile,2,2,1,0.5000,0.0945,0.9055,1,30,30",
            "whatsapp,ru,beeline,1,1,1,1.0000,0.2065,1.0000,1,90.5,90.5",
        ], Lines("delivery.csv"));
    }

    [Fact]
    public void BestHours_EveryHourOfTheWeekOfEachChartedProduct()
    {
        var lines = Lines("best_hours.csv");
        Assert.Equal(string.Join(',', BestHoursReport.Header), lines[0]);
        Assert.Equal(168, lines.Count(l => l.StartsWith("telegram,UTC,", StringComparison.Ordinal)));
        Assert.Contains("telegram,UTC,Mon,0,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SuccessRates_WilsonInterval_OneOfOneIsNotCertain()
    {
        var lines = Lines("success_rates.csv");
        Assert.Equal(string.Join(',', ReportTables.SuccessHeader), lines[0]);
        Assert.Contains("telegram,ru,beeline,2,1,1,1,0,0,2,0.5000,0.0945,0.9055", lines);
        Assert.Contains("whatsapp,ru,beeline,1,1,1,0,0,0,1,1.0000,0.2065,1.0000", lines);
    }

    [Fact]
    public async Task Build_ProductFilter_TablesHoldOnlyThatProduct()
    {
        var folder = _folder + "-whatsapp";
        await using var services = await ReportFixture.CreateAsync(folder);
        // The stored order is spelled unlike the filter, as an order bought elsewhere may be: one product however spelled.
        await using (var connection = await services.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE orders SET product = 'WhatsApp' WHERE product = 'whatsapp'");
        await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services, ["whatsapp"]), folder, new Progress<string>(), CancellationToken.None);

        Assert.Single(File.ReadAllLines(Path.Combine(folder, "cheapest.csv"))); // whatsapp has no price history here
        Assert.Equal(["product,orders,gross_spent,refunded,net_spent", "WhatsApp,1,1.2,0,1.2"], File.ReadAllLines(Path.Combine(folder, "spend_by_product.csv")));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AutoBuy_PerRule_FiredBoughtSpentAndSavedVersusThe30DayMedian()
    {
        // Bought ru/beeline at 0.50 (30-day median 0.80) and us/tmobile at 0.60 (median 0.60); one intent failed.
        Assert.Equal(["rule,product,fired,bought,spent,saved_vs_period_median", "cheap-tg,telegram,3,2,1.1,0.3"], Lines("auto_buy.csv"));
        Assert.All(ReportTables.Files, f => Assert.Contains(Path.Combine(_folder, f), _files));
    }
}
