using System.Globalization;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Market.History;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// Writes a whole report (CSV tables, PNG and SVG charts, index.html) into a folder. The folder is built beside its
/// target and swapped in when complete, so a reader never sees half a report.
/// </summary>
public sealed class ReportBuilder(ReportLoader loader, IOptions<ReportsOptions> options, TimeProvider time)
{
    public const string Latest = "latest";

    /// <summary>The default period: the last <c>Reports:DefaultDays</c> days up to now.</summary>
    public ReportScope DefaultScope(DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<string> products, IReadOnlyList<string> countries)
    {
        var end = to ?? time.GetUtcNow();
        return new ReportScope(from ?? end.AddDays(-options.Value.DefaultDays), end, products, countries);
    }

    /// <summary>
    /// Writes the report into <paramref name="folder"/>, or without one into a dated folder under <c>Reports:OutputDirectory</c>
    /// with a copy named <c>latest</c> beside it. <paramref name="extra"/> adds files to the folder before it is swapped in,
    /// given the latest state of the series in scope that the report read.
    /// <paramref name="stages"/>, when given, receives the time of each stage. <paramref name="progress"/> hears of each stage,
    /// <paramref name="detail"/> (when given) of each chart drawn.
    /// </summary>
    /// <returns>The full path of index.html.</returns>
    public async Task<string> BuildAsync(ReportScope scope, string? folder, IProgress<string> progress, CancellationToken ct,
        Func<string, IReadOnlyList<SeriesInfo>, CancellationToken, Task>? extra = null, ReportStages? stages = null, IProgress<string>? detail = null)
    {
        stages ??= new ReportStages();
        var o = options.Value;
        ChartKit.EnsureFont(o.FontFamily);
        var now = time.GetUtcNow();
        var target = Path.GetFullPath(folder ?? Path.Combine(o.OutputDirectory, now.UtcDateTime.ToString("yyyy-MM-dd_HHmm", CultureInfo.InvariantCulture)));
        EnsureReplaceable(target);
        var staging = $"{target}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            var series = await WriteAsync(staging, scope, now, progress, detail, stages, ct);
            if (extra is not null)
                await stages.TimeAsync("extra files", () => extra(staging, series, ct));
            stages.Time("swap in", () => Swap(staging, target));
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
        if (folder is null)
            stages.Time("copy as latest", () => CopyAsLatest(target, Path.Combine(Path.GetDirectoryName(target)!, Latest)));
        stages.Finish();
        return Path.Combine(target, "index.html");
    }

    /// <summary>
    /// Tables, charts and the page. The charts are drawn while the price statistics, the longest query and only the
    /// tables' concern, are read beside them. Returns the series read.
    /// </summary>
    private async Task<IReadOnlyList<SeriesInfo>> WriteAsync(string staging, ReportScope scope, DateTimeOffset now, IProgress<string> progress, IProgress<string>? detail,
        ReportStages stages, CancellationToken ct)
    {
        var o = options.Value;
        progress.Report("reading the market");
        var series = await stages.TimeAsync("market (latest state)", () => loader.SeriesAsync(scope, ct));
        progress.Report("computing price statistics (alongside the charts)");
        using var statsCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stats = stages.TimeAsync("price statistics (90 days, daily)", () => loader.StatsAsync(series, scope.To, statsCancel.Token));
        try
        {
            progress.Report("reading orders and trends");
            var data = await loader.LoadAsync(scope, series, now, o.MaxProductCharts, stages, ct);
            var kit = new ChartKit(staging, o.FontFamily, o.ChartWidth, o.ChartHeight);
            var sections = await stages.TimeAsync("charts", () => ReportCharts.DrawAsync(kit, data, detail, ct));
            progress.Report($"drew {sections.Sum(s => s.Charts.Count(c => c.File is not null))} charts; writing tables");
            var statsRows = await stats;
            await stages.TimeAsync("tables", () => ReportTables.WriteAsync(staging, data, statsRows, ct));
            var capped = data.ProductsWithData <= data.Trends.Count ? null
                : data.ChartsMonitored
                    ? $"per-product charts and the heatmap show the {data.Trends.Count} monitored products (Monitor:Products) of the " +
                      $"{data.ProductsWithData} with data; --product charts others; the CSV tables have them all."
                    : $"per-product charts and the heatmap show {data.Trends.Count} of {data.ProductsWithData} products " +
                      "(those offered in the most countries × operators; Reports:MaxProductCharts); the CSV tables have them all.";
            await stages.TimeAsync("page", () => File.WriteAllTextAsync(Path.Combine(staging, "index.html"),
                HtmlPage.Render(data, sections, capped, o.ChartWidth, o.ChartHeight), ct));
            return series;
        }
        catch
        {
            // Not left running against the database after the report failed.
            await statsCancel.CancelAsync();
            await Task.WhenAny(stats);
            throw;
        }
    }

    /// <summary>A copy rather than a symbolic link: it opens the same way on every OS, from a file manager or a browser.</summary>
    private static void CopyAsLatest(string source, string latest)
    {
        var staging = $"{latest}.tmp-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        Swap(staging, latest);
    }

    /// <summary>
    /// The target is replaced whole, so it must be new or hold only what a report writes: <c>--out ~/Documents</c> by
    /// mistake must not delete anything.
    /// </summary>
    private static void EnsureReplaceable(string target)
    {
        string[] reportFiles = [".csv", ".png", ".svg", ".html"];
        if (Directory.Exists(target) && (Directory.EnumerateDirectories(target).Any()
            || Directory.EnumerateFiles(target).Any(f => !reportFiles.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))))
            throw new IOException($"{target} holds files a report does not write; it is replaced whole, so choose a new or report-only folder");
    }

    private static void Swap(string staging, string target)
    {
        EnsureReplaceable(target);
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Directory.Move(staging, target);
    }
}
