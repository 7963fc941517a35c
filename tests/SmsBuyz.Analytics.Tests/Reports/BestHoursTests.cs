using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// A synthetic history with a known daily cycle: every day at 03:00 UTC the price is 20 % lower for an hour and at 04:00
/// 10 % lower, the rest of the day at its level. Two countries at different levels (1.00 and 2.00) with the same cycle,
/// so the result only holds if each offer is read against its own average. 14 days of raw change points.
/// </summary>
public sealed class BestHoursTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("UTC", 3, 4, StorageProvider.Sqlite)]
    [InlineData("Europe/Berlin", 4, 5, StorageProvider.Sqlite)]   // UTC+1 in January
    [InlineData("Asia/Kolkata", null, null, StorageProvider.Sqlite)] // UTC+5:30: 03:00 UTC is 08:30 local, so the cheap hour spans two local hours
    [PostgresData("UTC", 3, 4, StorageProvider.PostgreSql)]
    [PostgresData("Europe/Berlin", 4, 5, StorageProvider.PostgreSql)]
    [PostgresData("Asia/Kolkata", null, null, StorageProvider.PostgreSql)]
    public async Task Report_KnownDailyCycle_FindsTheCheapestHoursInTheConfiguredZone(string zone, int? cheapest, int? second, StorageProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "smsbuyz-best-hours", Guid.NewGuid().ToString("N"));
        try
        {
            await CheckAsync(folder, zone, cheapest, second, provider);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task CheckAsync(string folder, string zone, int? cheapest, int? second, StorageProvider provider)
    {
        await using var services = await new TestServices(provider, new Dictionary<string, string?>
        {
            ["Reports:OutputDirectory"] = folder,
        }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now)).MigrateAsync();
        await FillAsync(services);

        var index = await services.Get<ReportBuilder>().BuildAsync(services.Get<ReportBuilder>().DefaultScope(Now.AddDays(-14), Now, [], []) with { TimeZone = zone },
            folder, new Progress<string>(), CancellationToken.None);

        var cells = File.ReadAllLines(Path.Combine(folder, "best_hours.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (Product: f[0], Zone: f[1], Day: f[2], Hour: int.Parse(f[3], CultureInfo.InvariantCulture),
                Index: double.Parse(f[6], CultureInfo.InvariantCulture), Pct: f[7])).ToList();
        Assert.All(cells, c => Assert.Equal(("telegram", zone), (c.Product, c.Zone)));
        Assert.Equal(168, cells.Count);
        // Each day: 22 h at 1, 1 h at 0.8, 1 h at 0.9 (× the level): the average is 0.9875, so 0.8 is 19.0 % below it.
        var byHour = cells.GroupBy(c => c.Hour).ToDictionary(g => g.Key, g => g.Average(c => c.Index));
        if (cheapest is { } hour)
        {
            Assert.Equal([hour, second!.Value], byHour.OrderBy(h => h.Value).Take(2).Select(h => h.Key));
            Assert.Equal(0.8 / 0.9875, byHour[hour], 3);
            Assert.Equal(0.9 / 0.9875, byHour[second.Value], 3);
            Assert.All(cells.Where(c => c.Hour == hour), c => Assert.Equal("-19.0", c.Pct));
            var html = File.ReadAllText(index);
            Assert.Contains($"<td>telegram</td><td>{hour:00}:00–{hour + 1:00}:00</td><td>-19.0 %</td><td>Mon {hour:00}:00–{hour + 1:00}:00</td>", html, StringComparison.Ordinal);
        }
        else
        {
            // 08:00 holds half an hour at 1 and half at 0.8; 08:30–09:30 at 0.8 and 09:30–10:30 at 0.9 land in 08, 09 and 10 local.
            Assert.Equal([9, 8, 10], byHour.OrderBy(h => h.Value).Take(3).Select(h => h.Key));
            Assert.Equal((0.8 + 0.9) / 2 / 0.9875, byHour[9], 3);
        }
        Assert.True(File.Exists(Path.Combine(folder, "best_hours_telegram.png")) && File.Exists(Path.Combine(folder, "best_hours_telegram.svg")));
        Assert.Equal(1.0, cells.Average(c => c.Index), 3); // every hour of the week held as long: the average of the indexes is the average
    }

    private static async Task FillAsync(TestServices services)
    {
        const long hour = 3_600_000;
        var start = Now.AddDays(-14).ToUnixTimeMilliseconds();
        var api = await services.ProviderAsync();
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO product VALUES (1, 'telegram', 'telegram');
            INSERT INTO country VALUES (1, 'ru'), (2, 'us');
            INSERT INTO operator VALUES (1, 'beeline', 'beeline'), (2, 'tmobile', 'tmobile');
            INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (1, 1, 1, 1, @api), (2, 1, 2, 2, @api);
            INSERT INTO sweep (id, kind, plan, started_at) VALUES (1, 'prices', 'test', @start);
            """, new { start, api });
        await using var tx = connection.BeginTransaction();
        for (var h = 0; h < 14 * 24; h++)
        {
            var factor = (h % 24) switch { 3 => 0.8m, 4 => 0.9m, _ => 1m };
            foreach (var (series, level) in new[] { (1, 10_000m), (2, 20_000m) })
                await connection.ExecuteAsync("INSERT INTO price_change VALUES (@series, @at, @price, 100, 1)",
                    new { series, at = start + (h * hour), price = (long)(level * factor) }, tx);
        }
        await connection.ExecuteAsync("INSERT INTO price_latest VALUES (1, 10000, 100, @last, 1, 100), (2, 20000, 100, @last, 1, 100)",
            new { last = start + (((14 * 24) - 1) * hour) }, tx);
        await tx.CommitAsync();
    }
}
