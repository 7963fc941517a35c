namespace SmsBuyz.Sandbox;

/// <summary>
/// Sandbox time: the start instant plus real elapsed time times the acceleration, all read from
/// the injected TimeProvider, so a FakeTimeProvider drives everything in tests.
/// </summary>
internal sealed class SandboxClock(TimeProvider time, double acceleration, TimeSpan marketTick)
{
    private readonly DateTimeOffset start = time.GetUtcNow();

    public TimeProvider Time => time;

    public DateTimeOffset Now => start + ((time.GetUtcNow() - start) * acceleration);

    /// <summary>The market tick in force at <paramref name="now"/>: tick n starts at start + n × MarketTick.</summary>
    public long TickAt(DateTimeOffset now) => (now - start).Ticks / marketTick.Ticks;
}
