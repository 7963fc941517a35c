using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Cli;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("SmsBuyz", "TimeoutSeconds", 0, "SmsBuyz:TimeoutSeconds")]
    [InlineData("SmsBuyz", "RequestsPerSecond", -1, "SmsBuyz:RequestsPerSecond")]
    [InlineData("SmsBuyz", "BaseUrl", "ftp://example.com", "SmsBuyz:BaseUrl")]
    [InlineData("SmsBuyz", "TimeoutSeconds", "soon", "SmsBuyz:TimeoutSeconds")]
    public async Task Snapshot_BadSetting_Exits2NamingTheKey(string section, string key, object value, string expectedKey)
    {
        using var cli = new CliHarness();
        cli.WriteConfig(new Dictionary<string, object> { [section] = new Dictionary<string, object> { [key] = value } });

        var result = await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains(expectedKey, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DatabasePath), "nothing may be written when the configuration is bad");
    }

    [Fact]
    public async Task Snapshot_EmptyCountryName_Exits2NamingTheEntry()
    {
        using var cli = new CliHarness(new { Monitor = new { Countries = new[] { "ru", " " } } });

        var result = await cli.RunAsync("--config", cli.ConfigPath, "snapshot");

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("Monitor:Countries:1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_ConfigFileMissing_Exits2NamingTheFile()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync("export", "orders", "--config", "/nonexistent/settings.json");

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("/nonexistent/settings.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnknownOption_Exits2()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync("snapshot", "--bogus");

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("--bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        using var cli = new CliHarness();
        var result = await cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var command in new[] { "snapshot", "export", "--config" })
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
    }
}
