using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

/// <summary>
/// A full-size benchmark on PostgreSQL: as <c>[OptInFact(OptInFactAttribute.Benchmarks, "full-size benchmark")]</c>,
/// and also skipped (with the reason) where neither <see cref="FullSizeBenchmarkTests.PostgresVariable"/> names a
/// server nor the test cluster can be started.
/// </summary>
public sealed class PostgresBenchmarkFactAttribute : FactAttribute
{
    public PostgresBenchmarkFactAttribute()
    {
        if (!OptInFactAttribute.IsOn(OptInFactAttribute.Benchmarks))
            Skip = $"full-size benchmark: set {OptInFactAttribute.Benchmarks}=1 to run it";
        else if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FullSizeBenchmarkTests.PostgresVariable))
                 && PostgresBinaries.Unavailable is { } reason)
            Skip = $"{reason}; or set {FullSizeBenchmarkTests.PostgresVariable} to a server's connection string";
        Timeout = 0;
    }
}
