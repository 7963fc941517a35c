using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>Command-line level errors; every bad setting value is covered by Reliability/ConfigurationMatrixTests.</summary>
public sealed class ConfigurationTests
{
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
