using System.Diagnostics;

namespace SmsBuyz.Analytics.Api;

/// <summary>What a sweep's parts do with an answer once it comes: read it, compare it with the latest state, store it.</summary>
public enum SweepStage { Parse, Diff, Write }

/// <summary>
/// Where a sweep's time goes, measured while it runs: the time its parts spend parsing answers, diffing them against
/// the latest state and writing to the database, and the wall time in which none of them was doing any of that, which
/// is waiting for answers (round trips, the rate limit, the HTTP stack). Like <see cref="RequestCounter"/> it follows
/// the sweep's async flow, so the client and the market store add to it without being handed it. Stages of parts that
/// run at once may overlap (two answers parsed on two cores), so the four add up to at least the sweep's wall time.
/// </summary>
public sealed class SweepStages
{
    private static readonly AsyncLocal<SweepStages?> CurrentFlow = new();

    private readonly Lock _gate = new();
    private readonly long[] _ticks = new long[3];
    private long _idleTicks;
    private long _idleSince = Stopwatch.GetTimestamp();
    private int _active;

    /// <summary>Starts timing the calling flow and everything it awaits or starts.</summary>
    public static SweepStages Begin()
    {
        var stages = new SweepStages();
        CurrentFlow.Value = stages;
        return stages;
    }

    /// <summary>Times a stage of the calling flow's sweep until disposed; nothing when no sweep is timed.</summary>
    public static Section Time(SweepStage stage) => new(CurrentFlow.Value, stage);

    /// <summary>
    /// Moves time measured inside one stage to another: the store's diff runs its SQLite row writes inline, and
    /// counts their time (measured around each row) as writing.
    /// </summary>
    public static void Move(SweepStage from, SweepStage to, long stopwatchTicks)
    {
        if (CurrentFlow.Value is not { } stages || stopwatchTicks == 0)
            return;
        Interlocked.Add(ref stages._ticks[(int)from], -stopwatchTicks);
        Interlocked.Add(ref stages._ticks[(int)to], stopwatchTicks);
    }

    public StageTimes Read()
    {
        lock (_gate)
        {
            var idle = _idleTicks + (_active == 0 ? Stopwatch.GetTimestamp() - _idleSince : 0);
            return new StageTimes(Span(idle), Span(_ticks[0]), Span(_ticks[1]), Span(_ticks[2]));
        }
    }

    private static TimeSpan Span(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);

    private long Enter()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_active++ == 0)
                _idleTicks += now - _idleSince;
        }
        return now;
    }

    private void Exit(SweepStage stage, long started)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)stage], now - started);
        lock (_gate)
        {
            if (--_active == 0)
                _idleSince = now;
        }
    }

    /// <summary>One stretch of a stage; may span awaits (a part writing is busy while the database works).</summary>
    public readonly struct Section : IDisposable
    {
        private readonly SweepStages? _stages;
        private readonly SweepStage _stage;
        private readonly long _started;

        internal Section(SweepStages? stages, SweepStage stage)
        {
            (_stages, _stage) = (stages, stage);
            _started = stages?.Enter() ?? 0;
        }

        public void Dispose() => _stages?.Exit(_stage, _started);
    }
}

/// <summary>A sweep's time by stage (<see cref="SweepStages"/>); Wait is wall time, the others are summed over parts.</summary>
public readonly record struct StageTimes(TimeSpan Wait, TimeSpan Parse, TimeSpan Diff, TimeSpan Write);
