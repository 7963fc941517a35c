using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

/// <summary>
/// A benchmark at full size: minutes long, and its timing targets only mean something on a quiet machine, so it runs
/// when <see cref="Switch"/> is 1 and is reported as skipped (not passed) otherwise. xunit 2 decides skips when it
/// discovers tests; setting <see cref="FactAttribute.Skip"/> here is its way to skip on a condition.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Switch = "SMSBUYZ_BENCH";

    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Switch) != "1")
            Skip = $"full-size benchmark: set {Switch}=1 to run it";
        Timeout = 0;
    }
}

/// <summary>
/// A full-size benchmark on PostgreSQL: as <see cref="BenchmarkFactAttribute"/>, and also skipped (with the reason) where
/// neither <see cref="FullSizeBenchmarkTests.PostgresVariable"/> names a server nor the test cluster can be started.
/// </summary>
public sealed class PostgresBenchmarkFactAttribute : FactAttribute
{
    public PostgresBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(BenchmarkFactAttribute.Switch) != "1")
            Skip = $"full-size benchmark: set {BenchmarkFactAttribute.Switch}=1 to run it";
        else if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FullSizeBenchmarkTests.PostgresVariable))
                 && PostgresBinaries.Unavailable is { } reason)
            Skip = $"{reason}; or set {FullSizeBenchmarkTests.PostgresVariable} to a server's connection string";
        Timeout = 0;
    }
}
