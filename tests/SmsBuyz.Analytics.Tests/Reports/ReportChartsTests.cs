using SkiaSharp;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The charts of the fixed history: real PNGs of the configured size with something drawn, and SVGs beside them.</summary>
public sealed class ReportChartsTests
{
    /// <summary>Kept after the run (under the test output folder) so a person can look at the charts.</summary>
    public static readonly string ArtifactFolder = Path.Combine(AppContext.BaseDirectory, "artifacts", "report");

    [Fact]
    public async Task Build_FixedHistory_EveryChartIsANonBlankPngOfTheConfiguredSize()
    {
        await using var services = await ReportFixture.CreateAsync(ArtifactFolder);
        var index = await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), ArtifactFolder, new Progress<string>(), CancellationToken.None);

        string[] expected = ["price_telegram", "stock_telegram", "spend_daily", "spend_cumulative", "success_by_country", "success_by_operator", "price_heatmap"];
        foreach (var chart in expected)
        {
            Assert.True(File.Exists(Path.Combine(ArtifactFolder, chart + ".svg")), chart + ".svg");
            using var bitmap = SKBitmap.Decode(Path.Combine(ArtifactFolder, chart + ".png"));
            Assert.NotNull(bitmap);
            Assert.Equal((1200, 600), (bitmap.Width, bitmap.Height));
            Assert.True(Variance(bitmap) > 100, $"{chart}.png looks blank");
        }
        using (var heatmap = SKBitmap.Decode(Path.Combine(ArtifactFolder, "price_heatmap.png")))
            Assert.NotEqual(SKColors.White, heatmap.GetPixel(300, 300)); // inside the ru cell, not an empty frame
        var html = await File.ReadAllTextAsync(index);
        Assert.DoesNotContain("no data for", html, StringComparison.Ordinal);
        Assert.Contains("rule: buy at ≤ 0.55", await File.ReadAllTextAsync(Path.Combine(ArtifactFolder, "price_telegram.svg")), StringComparison.Ordinal);
    }

    /// <summary>
    /// The fixed history and a second provider selling telegram ru/beeline: 0.90 from day -10, 0.70 from day -3 (below the
    /// first provider's 0.80 from day -2 there, above its 0.60 in the us). Kept in artifacts/report-providers.
    /// </summary>
    [Fact]
    public async Task Build_TwoProviders_ChartsTheProductAtEachProviderAndNamesTheCheapestAtTheOther()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "report-providers");
        await using var services = await ReportFixture.CreateAsync(folder);
        var now = ReportFixture.Now.ToUnixTimeMilliseconds();
        await using (var connection = await services.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO provider (id, base_url, name, first_seen_at) VALUES (77, 'https://fivesim.invalid/v1', 'fivesim', 0);
                INSERT INTO series (id, product_id, country_id, operator_id, provider_id) VALUES (4, 1, 1, 1, 77);
                INSERT INTO price_change VALUES (4, @now - 10 * @day, 9000, 20, 1), (4, @now - 3 * @day, 7000, 8, 2);
                INSERT INTO price_latest VALUES (4, 7000, 8, @now - 3 * @day, 2, 8);
                """, new { now, day = 86_400_000L });

        var index = await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), folder, new Progress<string>(), CancellationToken.None);

        using (var bitmap = SKBitmap.Decode(Path.Combine(folder, "price_providers_telegram.png")))
            Assert.True(Variance(bitmap) > 100, "price_providers_telegram.png looks blank");
        var svg = await File.ReadAllTextAsync(Path.Combine(folder, "price_providers_telegram.svg"));
        Assert.Contains("fivesim", svg, StringComparison.Ordinal);
        Assert.Contains("smsbuyz", svg, StringComparison.Ordinal);
        // The cheapest anywhere is the first provider's us offer; the second's cheapest is its ru/beeline, 0.10 dearer.
        Assert.Equal("telegram,smsbuyz,us,tmobile,0.6,3,2026-01-14T12:00:00.000Z,fivesim,ru,beeline,0.7,8,fivesim,ru,beeline,0.7,8,0.1",
            (await File.ReadAllLinesAsync(Path.Combine(folder, "cheapest.csv")))[1]);
        Assert.Contains("<td>fivesim: ru / beeline</td><td>0.7</td><td>0.1 (16.7 %)</td>", await File.ReadAllTextAsync(index), StringComparison.Ordinal);

        // Two providers of one name (two base URLs swept in turn through an unnamed SmsBuyz section): still two lines.
        await using (var connection = await services.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE provider SET name = 'smsbuyz' WHERE id = 77");
        await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), folder, new Progress<string>(), CancellationToken.None);
        svg = await File.ReadAllTextAsync(Path.Combine(folder, "price_providers_telegram.svg"));
        Assert.Contains("smsbuyz #77", svg, StringComparison.Ordinal);
        Assert.Contains($"smsbuyz #{await services.ProviderAsync()}", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_EmptyDatabase_SaysNoDataInsteadOfDrawingEmptyFrames()
    {
        var folder = Path.Combine(Path.GetTempPath(), "smsbuyz-report-tests", Guid.NewGuid().ToString("N"));
        await using var services = await ReportFixture.CreateAsync(folder, withHistory: false);

        var index = await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), null, new Progress<string>(), CancellationToken.None);

        var html = await File.ReadAllTextAsync(index);
        foreach (var what in new[] { "no data for prices", "no data for price or stock trends", "no data for spend", "no data for success rate by country", "no data for the price heatmap" })
            Assert.Contains(what, html, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(index)!, "*.png"));
        Assert.True(File.Exists(Path.Combine(folder, ReportBuilder.Latest, "index.html")), "the latest copy");
        Assert.Matches(@"\d{4}-\d{2}-\d{2}_\d{4}$", Path.GetDirectoryName(index));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void EnsureFont_MissingFamily_FailsNamingThePackageToInstall()
    {
        var error = Assert.Throws<MissingFontException>(() => ChartKit.EnsureFont("No Such Font Family 42"));
        Assert.Contains("apt-get install fonts-dejavu-core", error.Message, StringComparison.Ordinal);
        ChartKit.EnsureFont("DejaVu Sans");
    }

    /// <summary>Variance of the pixels' brightness: a blank (single-colour) image has 0.</summary>
    private static double Variance(SKBitmap bitmap)
    {
        var values = bitmap.Pixels.Select(p => (p.Red + p.Green + p.Blue) / 3.0).ToList();
        var mean = values.Average();
        return values.Average(v => (v - mean) * (v - mean));
    }
}
