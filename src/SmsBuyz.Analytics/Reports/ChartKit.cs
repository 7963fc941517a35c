using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace SmsBuyz.Analytics.Reports;

/// <summary>A chart of the page: its title and files (base name, no extension), or why it was not drawn.</summary>
public sealed record Chart(string Title, string? File, string? NoData = null);

/// <summary>What every chart shares: the font, invariant-culture tick labels, the size, and writing PNG and SVG.</summary>
/// <param name="folder">Where <see cref="Save"/> writes; unused by <see cref="Png"/>.</param>
public sealed class ChartKit(string folder, string fontFamily, int width, int height)
{
    /// <summary>
    /// ScottPlot draws no text, silently, when the font cannot be found; a report without labels is worse than none.
    /// </summary>
    public static void EnsureFont(string fontFamily)
    {
        using var typeface = SKFontManager.Default.MatchFamily(fontFamily);
        if (typeface is null)
            throw new MissingFontException(
                $"the chart font '{fontFamily}' (Reports:FontFamily) is not installed, so charts would have no text; " +
                "install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) or set Reports:FontFamily to an installed family (fc-list)");
    }

    public Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(fontFamily);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => v.ToString("G6", CultureInfo.InvariantCulture) };
        return plot;
    }

    /// <summary>A UTC date axis at the bottom with invariant labels (it replaces the bottom axis, so the label is set again).</summary>
    public static void DateAxis(Plot plot, TimeSpan span, string label)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        plot.XLabel(label);
        var format = span > TimeSpan.FromDays(3) ? "yyyy-MM-dd" : span > TimeSpan.FromHours(6) ? "MM-dd HH:mm" : "HH:mm:ss";
        ((DateTimeAutomatic)axis.TickGenerator).LabelFormatter = t => t.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes name.png and name.svg into the folder and disposes the plot. The plot is rendered once, into a recording
    /// both files play back, so they show the same chart: a ScottPlot plot rendered a second time can differ from its
    /// first render (in <c>ChartKitTests</c> the SVG, drawn second, lost the legend's labels, or with the legend at the
    /// right the date axis). Plots on different threads are independent.
    /// </summary>
    public Chart Save(Plot plot, string title, string name)
    {
        using var picture = Record(plot);
        using (var png = File.Create(Path.Combine(folder, name + ".png")))
            WritePng(picture, png);
        SaveSvg(picture, Path.Combine(folder, name + ".svg"));
        return new Chart(title, name);
    }

    /// <summary>The plot as PNG bytes, for a chart drawn on request (the page's offer charts); disposes the plot.</summary>
    public byte[] Png(Plot plot)
    {
        using var picture = Record(plot);
        using var png = new MemoryStream();
        WritePng(picture, png);
        return png.ToArray();
    }

    /// <summary>
    /// The draw calls of <c>Plot.Render</c>, recorded, then the plot disposed. The canvas is not cleared first, as
    /// <c>Plot.SaveSvg</c> does (an SVG would get a rectangle for it); the figure's opaque background covers the whole
    /// size anyway, so the PNG has the pixels of <c>Plot.SavePng</c>.
    /// </summary>
    private SKPicture Record(Plot plot)
    {
        using (plot)
        {
            // Some ScottPlot labels (legend numbers, colour bars) format with the current culture (per thread).
            var culture = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                plot.RenderManager.ClearCanvasBeforeEachRender = false;
                using var recorder = new SKPictureRecorder();
                plot.Render(recorder.BeginRecording(new SKRect(0, 0, width, height)), width, height);
                return recorder.EndRecording();
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }
    }

    /// <summary>
    /// The pixels of <c>Plot.SavePng</c> (the same surface and render), encoded faster: its encoder tries every PNG row
    /// filter at zlib's default level, nearly half of a chart's time here. One filter ("up": a chart's rows mostly
    /// repeat the row above) at level 1 takes a quarter of that for files about 10 % larger; PNG is lossless either way.
    /// </summary>
    private void WritePng(SKPicture picture, Stream target)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.DrawPicture(picture);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("SkiaSharp could not encode a chart as PNG");
        png.SaveTo(target);
    }

    /// <summary>
    /// The document of <c>Plot.SaveSvg</c> (an SVG canvas), written to native memory and then to the file at once:
    /// through a .NET stream every small XML write is a call back from native code, half the time.
    /// </summary>
    private void SaveSvg(SKPicture picture, string path)
    {
        using var memory = new SKDynamicMemoryWStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), memory))
            canvas.DrawPicture(picture);
        using var svg = memory.DetachAsData();
        using var file = File.Create(path);
        svg.SaveTo(file);
    }

    /// <summary>A file-name-safe form of a product or country name (letters, digits, '-', '_').</summary>
    public static string Slug(string name) =>
        new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}

/// <summary>The chart font is not installed; the message says what to install.</summary>
public sealed class MissingFontException(string message) : Exception(message);
