using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>index.html opened in a real browser (headless Chromium): every image loads, every link resolves, screenshot kept.</summary>
public sealed class ReportBrowserTests
{
    /// <summary>The screenshot a person can look at after the run: bin/Debug/net10.0/artifacts/report-browser/screenshot.png.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "report-browser");

    [Fact]
    public async Task IndexHtml_InChromium_EveryImageLoadsAndEveryLinkResolves()
    {
        await using (var services = await ReportFixture.CreateAsync(Folder))
            await services.Get<ReportBuilder>().BuildAsync(ReportFixture.Scope(services), Folder, new Progress<string>(), CancellationToken.None);

        await using var chromium = await HeadlessChromium.StartAsync();
        await chromium.NavigateAsync(new Uri(Path.Combine(Folder, "index.html")));
        var page = await chromium.EvaluateAsync("""
            JSON.stringify({
              images: [...document.images].map(i => ({ src: i.src, width: i.naturalWidth })),
              links: [...document.links].map(a => a.href),
              headings: [...document.querySelectorAll('h2')].map(h => h.textContent)
            })
            """);
        await chromium.ScreenshotAsync(Path.Combine(Folder, "screenshot.png"), 1300, 900);

        var images = page["images"]!.AsArray();
        Assert.Equal(10, images.Count); // one provider: its prices are not charted again per provider; success by account is
        Assert.All(images, i => Assert.True((int)i!["width"]! > 0, $"{i!["src"]} did not load"));
        var links = page["links"]!.AsArray().Select(l => new Uri((string)l!)).ToList();
        Assert.All(links, l => Assert.True(l.IsFile && File.Exists(l.LocalPath), $"{l} does not resolve to a file of the report"));
        foreach (var csv in ReportTables.Files)
            Assert.Contains(links, l => l.LocalPath.EndsWith(csv, StringComparison.Ordinal));
        Assert.Equal(["Where it is cheapest now", "Price trends", "Prices at each provider", "Stock trends", "Spend", "Success rates", "Delivery times",
                "Providers and accounts", "Price heatmap", "Best time to buy", "Auto-buy", "Data collection"],
            page["headings"]!.AsArray().Select(h => (string)h!));
    }
}
