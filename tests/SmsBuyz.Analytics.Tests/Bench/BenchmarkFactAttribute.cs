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
