using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>The worker's diary through a long outage: told when it starts, hourly while it lasts, and when it ends.</summary>
public sealed class SweepLogTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<SweepLog> logger = new();

    [Fact]
    public void SweepEnded_FailingParts_OneWarningGroupingThemByKindWithCountAndHint()
    {
        var log = new SweepLog(time, logger);

        log.SweepEnded(Sweep(1, Network(15), parts: 15));

        var warning = Assert.Single(Records(LogLevel.Warning));
        Assert.Equal("products #1 failing: network: 15 of 15 requests failed, cannot resolve smsbuyz.com — check DNS/connectivity", warning.Message);
        Assert.Single(Records(LogLevel.Information));
        Assert.Equal(15, Records(LogLevel.Debug).Count); // each part, for whoever turns Debug on
    }

    [Fact]
    public void SweepEnded_MixedKinds_GroupedLargestFirst()
    {
        var log = new SweepLog(time, logger);
        var failures = Network(3).Concat([new SweepFailure("guest/prices?product=x", "ServerError", "SmsBuyz guest/prices failed with ServerError (HTTP 502)", "smsbuyz.com answered with a server error — a problem on their side; the next sweep retries")]);

        log.SweepEnded(Sweep(1, [.. failures], parts: 10));

        Assert.Equal("products #1 failing: network: 3 of 10 requests failed, cannot resolve smsbuyz.com — check DNS/connectivity; "
            + "server_error: 1 of 10 requests failed, smsbuyz.com answered with a server error — a problem on their side; the next sweep retries",
            Assert.Single(Records(LogLevel.Warning)).Message);
    }

    [Fact]
    public void SweepEnded_TenHourOutageEveryFiveMinutes_WarnsAtStartHourlyAndSaysWhenItEnds()
    {
        var log = new SweepLog(time, logger);
        for (var sweep = 1; sweep <= 120; sweep++) // 10 h of 5-minute sweeps, every request failing the same way
        {
            log.SweepEnded(Sweep(sweep, Network(10), parts: 10));
            time.Advance(TimeSpan.FromMinutes(5));
        }
        log.SweepEnded(Sweep(121, [], parts: 10));

        var warnings = Records(LogLevel.Warning);
        Assert.Equal(10, warnings.Count); // the start, then one an hour: not 120
        Assert.StartsWith("products #1 failing: network: 10 of 10", warnings[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("products still failing after 1 h 0 min (13 sweeps in a row): network: 10 of 10", warnings[1].Message, StringComparison.Ordinal);
        Assert.Equal("products recovered after 10 h 0 min of failures (120 sweeps failed)", Records(LogLevel.Information).Last().Message);
        Assert.Equal(121, Records(LogLevel.Information).Count - 1); // one line per sweep, plus the recovery
    }

    [Fact]
    public void SweepEnded_OutageChangesKind_ToldAtOnce()
    {
        var log = new SweepLog(time, logger);
        log.SweepEnded(Sweep(1, Network(10), parts: 10));
        time.Advance(TimeSpan.FromMinutes(5));
        log.SweepEnded(Sweep(2, [new SweepFailure("guest/prices", "Forbidden", "SmsBuyz guest/prices failed with Forbidden (HTTP 403)", "SmsBuyz rejected the API key — check SmsBuyz:ApiKey")], parts: 10));

        var warnings = Records(LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("forbidden: 1 of 10 requests failed, SmsBuyz rejected the API key", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepEnded_EachJobHasItsOwnOutage()
    {
        var log = new SweepLog(time, logger);
        log.SweepEnded(Sweep(1, Network(10), parts: 10));
        log.SweepEnded(Sweep(2, Network(5), parts: 5) with { Kind = "prices" });
        log.SweepEnded(Sweep(3, [], parts: 10));

        Assert.Equal(2, Records(LogLevel.Warning).Count);
        Assert.Contains(Records(LogLevel.Information), r => r.Message.StartsWith("products recovered", StringComparison.Ordinal));
        Assert.DoesNotContain(Records(LogLevel.Information), r => r.Message.StartsWith("prices recovered", StringComparison.Ordinal));
    }

    private List<FakeLogRecord> Records(LogLevel level) => [.. logger.Collector.GetSnapshot().Where(r => r.Level == level)];

    private static SweepSummary Sweep(long id, SweepFailure[] failures, int parts) =>
        new(id, "products", parts * 4, 0, 0, failures.Length, TimeSpan.FromSeconds(3), failures, parts);

    private static SweepFailure[] Network(int count) => [.. Enumerable.Range(0, count).Select(i => new SweepFailure(
        $"guest/products/c{i}/any", "Network", $"SmsBuyz guest/products/c{i}/any failed with Network: NameResolutionError",
        "cannot resolve smsbuyz.com — check DNS/connectivity"))];
}
