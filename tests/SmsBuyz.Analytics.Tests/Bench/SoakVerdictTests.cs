using SmsBuyz.Analytics.Bench;

namespace SmsBuyz.Analytics.Tests.Bench;

/// <summary>The soak's verdict: held to the highest sample up to the settle minute, +10 % allowed after it.</summary>
public sealed class SoakVerdictTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void Of_SwingsWithinTenPercentOfTheSettledPeak_LevelsOff()
    {
        var verdict = SoakVerdict.Of([At(5, 200), At(10, 300), At(20, 250), At(40, 330), At(60, 310)], TimeSpan.FromMinutes(10));

        Assert.StartsWith("verdict: levels off: peak after minute 10 330 MB (minute 40.0) is +10.0 % over the baseline 300 MB", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_PeakAboveTenPercent_StillGrows()
    {
        var verdict = SoakVerdict.Of([At(10, 300), At(30, 320), At(60, 340)], TimeSpan.FromMinutes(10));

        Assert.StartsWith("verdict: still grows: peak after minute 10 340 MB (minute 60.0) is +13.3 %", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_AReportBetweenSamplesOnBothSides_ComparesTheHighestReads()
    {
        // 20-second samples between reports at 210 MB; the half-second reads caught a report at 330 MB before minute 10
        // and one at 350 MB after: 350 against 330 (+6.1 %), where the samples alone gave 350 against 210.
        var verdict = SoakVerdict.Of([At(5, 210, highest: 330), At(10, 210), At(30, 212, highest: 350), At(60, 211)], TimeSpan.FromMinutes(10));

        Assert.StartsWith("verdict: levels off: peak after minute 10 350 MB (minute 30.0) is +6.1 % over the baseline 330 MB", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_NoSampleAfterTheSettleMinute_SaysSoInsteadOfAVerdict()
    {
        Assert.Equal("verdict: not enough samples (1) on both sides of minute 10", SoakVerdict.Of([At(5, 300)], TimeSpan.FromMinutes(10)));
    }

    private static SoakSample At(double minute, long residentMb, long highest = 0) =>
        new(TimeSpan.FromMinutes(minute), residentMb * Mb, 0, 0, 0, 0, highest * Mb);
}
