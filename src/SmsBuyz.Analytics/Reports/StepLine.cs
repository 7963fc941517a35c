using ScottPlot;
using SkiaSharp;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// A step line (a value holds until the next point) drawn straight from its two arrays: the pixels of ScottPlot's
/// <c>ScatterLine</c> with <c>ConnectStyle.StepHorizontal</c> and no markers, without its cost. ScottPlot reads a
/// scatter's points through a chain of list views (an interface call per layer per point) three times a render, for
/// the path, the step corners and the markers it then draws at size 0: about half the chart stage's samples in a
/// profile (docs/performance.md, Reports).
/// </summary>
internal sealed class StepLine(double[] xs, double[] ys, Color color, float width, string legendText) : IPlottable
{
    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems =>
        LegendItem.Single(new LegendItem { LabelText = legendText, LineStyle = new LineStyle { Width = width, Color = color } });

    public AxisLimits GetAxisLimits() => new(xs.Min(), xs.Max(), ys.Min(), ys.Max());

    public void Render(RenderPack rp)
    {
        using var path = new SKPath();
        path.MoveTo(X(0), Y(0));
        for (var i = 1; i < xs.Length; i++)
        {
            path.LineTo(X(i), Y(i - 1)); // along at the held value, then up or down to the new one
            path.LineTo(X(i), Y(i));
        }
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, Color = color.ToSKColor() };
        rp.Canvas.DrawPath(path, paint);
    }

    private float X(int i) => Axes.GetPixelX(xs[i]);

    private float Y(int i) => Axes.GetPixelY(ys[i]);
}
