using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>/healthz's rule: every enabled sweep job succeeded within twice its schedule's interval.</summary>
public sealed class SweepHealthTests
{
    [Fact]
    public async Task CheckAsync_LastSuccessOlderThanTwiceTheInterval_UnhealthyNamingTheJob()
    {
        await using var services = await new TestServices().MigrateAsync(); // no API key: products and prices only
        var health = services.Get<SweepHealth>();
        await health.StartAsync(CancellationToken.None);
        var provider = services.Get<ProviderSet>().Default;
        health.SweepEnded(Ok("products", provider));
        health.SweepEnded(Ok("prices", provider));

        services.Time.Advance(TimeSpan.FromMinutes(9));
        var withinTwice = await health.CheckAsync(CancellationToken.None);
        health.SweepEnded(Ok("prices", provider));
        services.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await health.CheckAsync(CancellationToken.None);
        health.SweepEnded(Ok("products", provider) with { Errors = 1, Failures = [new SweepFailure("t", "Network", "m")] });
        var stillLate = await health.CheckAsync(CancellationToken.None);

        Assert.True(withinTwice.Healthy, string.Join("; ", withinTwice.Reasons));
        Assert.False(late.Healthy);
        Assert.Equal("products: no successful sweep for 11 min (allowed: 10 min, twice the schedule '*/5 * * * *')", Assert.Single(late.Reasons));
        Assert.False(stillLate.Healthy); // a sweep with a failed part is not a success
    }

    [Fact]
    public async Task CheckAsync_FreshWorkerBeforeItsFirstSweeps_HealthyForTwoIntervals()
    {
        await using var services = await new TestServices().MigrateAsync();
        var health = services.Get<SweepHealth>();
        await health.StartAsync(CancellationToken.None);

        services.Time.Advance(TimeSpan.FromMinutes(10));
        var early = await health.CheckAsync(CancellationToken.None);
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var late = await health.CheckAsync(CancellationToken.None);

        Assert.True(early.Healthy);
        Assert.Equal(2, late.Reasons.Count);
    }

    [Theory]
    [InlineData("*/5 * * * *", "2026-01-19T10:02:00Z", 5)]
    [InlineData("0 9 * * 1-5", "2026-01-19T10:00:00Z", 3 * 24 * 60)] // Monday: the last gap spans the weekend
    [InlineData("0 9 * * 1-5", "2026-01-20T10:00:00Z", 24 * 60)]
    public void Interval_LastTwoDueTimes_TheirGap(string cron, string now, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), SweepHealth.Interval(cron, TimeZoneInfo.Utc, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    private static SweepSummary Ok(string job, ProviderConnection provider) =>
        new(1, job, 1, 10, 1, 0, TimeSpan.FromSeconds(1), [], 1) { Asked = provider };
}
