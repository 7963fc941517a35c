using ScottPlot;
using SkiaSharp;
using SmsBuyz.Analytics.Reports;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The trend charts' own step line draws exactly the pixels of ScottPlot's step <c>ScatterLine</c>, legend included.</summary>
public sealed class StepLineTests
{
    private const int Width = 800, Height = 400;

    public static TheoryData<int> PointCounts => [1, 2, 40, 500];

    [Theory, MemberData(nameof(PointCounts))]
    public void Render_SomeCountriesOfSteps_ThePixelsOfScottPlotsStepScatterLine(int points)
    {
        var lines = Lines(points);

        var ours = Pixels(lines, (plot, xs, ys, name) => plot.Add.Plottable(new StepLine(xs, ys, plot.Add.GetNextColor(), 2, name)));
        var theirs = Pixels(lines, (plot, xs, ys, name) =>
        {
            var line = plot.Add.ScatterLine(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.LegendText = name;
        });

        Assert.Equal(theirs.Length, ours.Length);
        Assert.True(theirs.AsSpan().SequenceEqual(ours), $"{ours.Zip(theirs).Count(p => p.First != p.Second):N0} bytes differ");
    }

    /// <summary>Three countries' prices over 30 days, the last point at the range's end carrying the last value.</summary>
    private static List<(string Name, double[] Xs, double[] Ys)> Lines(int points)
    {
        var random = new Random(7);
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        return [.. new[] { "ru", "us", "kz" }.Select(name =>
        {
            var xs = new double[points + 1];
            var ys = new double[points + 1];
            for (var i = 0; i < points; i++)
                (xs[i], ys[i]) = (start.AddHours(i * 720.0 / points).ToOADate(), Math.Round(0.5 + random.NextDouble(), 2));
            (xs[^1], ys[^1]) = (start.AddDays(30).ToOADate(), ys[^2]);
            return (name, xs, ys);
        })];
    }

    private static byte[] Pixels(List<(string Name, double[] Xs, double[] Ys)> lines, Action<Plot, double[], double[], string> add)
    {
        using var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        foreach (var (name, xs, ys) in lines)
            add(plot, xs, ys, name);
        plot.Axes.DateTimeTicksBottom();
        plot.ShowLegend(Edge.Right);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        plot.Render(surface.Canvas, Width, Height);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        return pixels.GetPixelSpan().ToArray();
    }
}
