using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Market;

public sealed class RetentionOptionsTests
{
    [Theory]
    [InlineData(0, 28, 10, "Retention:RawDays")]
    [InlineData(14, 7, 10, "Retention:HourlyDays")]
    [InlineData(14, 28, 101, "Retention:StockDeadbandPercent")]
    [InlineData(14, 28, -1, "Retention:StockDeadbandPercent")]
    public async Task AnyCommand_BadRetentionSetting_Exits2NamingTheKey(int rawDays, int hourlyDays, double deadband, string key)
    {
        using var cli = new CliHarness(new { Retention = new { RawDays = rawDays, HourlyDays = hourlyDays, StockDeadbandPercent = deadband } });

        var result = await cli.RunAsync("export", "orders", "--config", cli.ConfigPath, "--out", "-");

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains(key, result.Stderr, StringComparison.Ordinal);
    }
}
