using System.Diagnostics;
using System.Globalization;

namespace SmsBuyz.Analytics.Reports;

/// <summary>
/// A stage of a report: when it started after the report's start, how long it took, and the process's resident memory
/// and managed heap (bytes, garbage not yet collected included) as it ended.
/// </summary>
public readonly record struct ReportStage(string Name, TimeSpan Start, TimeSpan Elapsed, long Resident = 0, long Heap = 0);

/// <summary>
/// Times the stages of one report (<c>report --verbose</c>, the benchmark). Stages overlap (the price statistics are
/// read while the charts are drawn), so each has its start as well as its duration; the total is the wall time.
/// </summary>
public sealed class ReportStages
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ReportStage> _done = [];
    private const long Mb = 1024 * 1024;

    /// <summary>Since the report started; once it is done, its total.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Finish() => _clock.Stop();

    /// <summary>The finished stages in the order they started.</summary>
    public IReadOnlyList<ReportStage> Done
    {
        get
        {
            lock (_done)
                return [.. _done.OrderBy(s => s.Start)];
        }
    }

    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> stage)
    {
        var start = _clock.Elapsed;
        try
        {
            return await stage();
        }
        finally
        {
            Add(name, start);
        }
    }

    public async Task TimeAsync(string name, Func<Task> stage) => await TimeAsync(name, async () =>
    {
        await stage();
        return true;
    });

    public void Time(string name, Action stage)
    {
        var start = _clock.Elapsed;
        try
        {
            stage();
        }
        finally
        {
            Add(name, start);
        }
    }

    private void Add(string name, TimeSpan start)
    {
        lock (_done)
            _done.Add(new ReportStage(name, start, _clock.Elapsed - start, Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false)));
    }

    /// <summary>One line per stage (start, duration, memory as it ended, name) and the total, for a person to read.</summary>
    public IEnumerable<string> Describe() =>
    [
        "  start   took  resident    heap  stage",
        .. Done.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Start.TotalSeconds,6:F2}s {s.Elapsed.TotalSeconds,6:F2}s {s.Resident / Mb,6} MB {s.Heap / Mb,4} MB  {s.Name}")),
        string.Create(CultureInfo.InvariantCulture, $"        {Elapsed.TotalSeconds,6:F2}s  total"),
    ];
}
