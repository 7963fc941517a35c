using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>A prices sweep of the monitored market, as the scheduled job runs it, on either provider.</summary>
public static class PricesSweep
{
    public static Task<SweepSummary> RunAsync(TestServices services) =>
        services.Get<SweepRunner>().RunOneAsync("prices", SweepParts.Prices, CancellationToken.None);
}
