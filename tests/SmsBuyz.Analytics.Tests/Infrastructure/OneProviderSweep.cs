using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

public static class OneProviderSweep
{
    /// <summary>A sweep where the test configured one provider: its one summary (a second would be a defect of the setup).</summary>
    public static async Task<SweepSummary> RunOneAsync(this SweepRunner runner, string kind, SweepParts parts, CancellationToken ct) =>
        Assert.Single(await runner.RunAsync(kind, parts, ct));
}
