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
