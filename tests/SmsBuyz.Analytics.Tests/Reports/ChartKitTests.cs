using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// A chart is rendered once and played back into both files: the PNG must have exactly the pixels ScottPlot's own
/// <c>SavePng</c> gives, and the SVG the same text as ScottPlot rendering straight into an SVG canvas.
/// </summary>
public sealed partial class ChartKitTests : IDisposable
{
    private const int Width = 600, Height = 300;
    private readonly string _folder = Directory.CreateTempSubdirectory("smsbuyz-chartkit").FullName;

    [Fact]
    public void Save_ALineChartWithDatesAndALegend_HasThePixelsAndTextOfScottPlotsOwnFiles()
    {
        var kit = new ChartKit(_folder, "DejaVu Sans", Width, Height);

        kit.Save(Draw(kit), "sample", "sample");

        using var ours = SKBitmap.Decode(Path.Combine(_folder, "sample.png"));
        using var theirs = SKBitmap.Decode(Draw(kit).GetImageBytes(Width, Height, ImageFormat.Png));
        Assert.Equal((Width, Height), (ours.Width, ours.Height));
        Assert.Equal(theirs.Pixels, ours.Pixels);
        Assert.Contains("rule: buy at ≤ 0.55", Texts(File.ReadAllText(Path.Combine(_folder, "sample.svg"))).Select(t => t.Trim()));
        Assert.Equal(Texts(DirectSvg(Draw(kit))), Texts(File.ReadAllText(Path.Combine(_folder, "sample.svg"))));
    }

    [Fact]
    public void Png_ALineChart_HasThePixelsOfScottPlotsOwnPng()
    {
        var kit = new ChartKit(_folder, "DejaVu Sans", Width, Height);

        using var ours = SKBitmap.Decode(kit.Png(Draw(kit)));
        using var theirs = SKBitmap.Decode(Draw(kit).GetImageBytes(Width, Height, ImageFormat.Png));

        Assert.Equal(theirs.Pixels, ours.Pixels);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Plot Draw(ChartKit kit)
    {
        var plot = kit.Create("telegram: cheapest price", "time (UTC)", "price");
        var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        double[] xs = [.. Enumerable.Range(0, 200).Select(i => start.AddHours(i).ToOADate())];
        var ru = plot.Add.ScatterLine(xs, [.. Enumerable.Range(0, 200).Select(i => 0.5 + (0.1 * Math.Sin(i / 9.0)))]);
        ru.LegendText = "ru";
        var us = plot.Add.ScatterLine(xs, [.. Enumerable.Range(0, 200).Select(i => 0.8 + (0.05 * Math.Cos(i / 7.0)))]);
        us.LegendText = "us";
        plot.Add.HorizontalLine(0.55, pattern: LinePattern.Dashed).LegendText = "rule: buy at ≤ 0.55";
        ChartKit.DateAxis(plot, TimeSpan.FromHours(200), "time (UTC)");
        plot.ShowLegend();
        return plot;
    }

    /// <summary>The plot rendered into an SVG canvas as ScottPlot's <c>SaveSvg</c> does (its legend included, unlike <c>GetSvgXml</c>'s).</summary>
    private static string DirectSvg(Plot plot)
    {
        using (plot)
        {
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            using var memory = new SKDynamicMemoryWStream();
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), memory))
                plot.Render(canvas, Width, Height);
            using var svg = memory.DetachAsData();
            return System.Text.Encoding.UTF8.GetString(svg.ToArray());
        }
    }

    private static string[] Texts(string svg) => [.. TextElement().Matches(svg).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<text[^>]*>(.*?)</text>", RegexOptions.Singleline)]
    private static partial Regex TextElement();
}
