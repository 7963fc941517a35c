using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The worker's native memory trim: that it runs here (glibc has malloc_trim) at start and once a minute after. What it
/// gives back is measured by <c>bench soak</c>, not here.
/// </summary>
public sealed class NativeMemoryTrimTests
{
    [LinuxFact]
    public async Task Started_OnLinux_TrimsAtOnceAndEveryMinute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var trim = new NativeMemoryTrim(time, NullLogger<NativeMemoryTrim>.Instance);

        await trim.StartAsync(CancellationToken.None);
        await WaitAsync(() => trim.Trims >= 1);
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        Assert.Equal(1, trim.Trims); // not before the minute
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitAsync(() => trim.Trims >= 2);
        await trim.StopAsync(CancellationToken.None);
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        for (var i = 0; i < 100 && !done(); i++)
            await Task.Delay(50);
        Assert.True(done(), "the trim did not run within 5 s");
    }
}
