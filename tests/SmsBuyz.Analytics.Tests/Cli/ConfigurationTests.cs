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
        // Every command the app has, as the command line defines them, each on its own line of the help.
        var commands = CliApp.Create(TextWriter.Null, TextWriter.Null).Subcommands.Select(c => c.Name).ToList();
        Assert.True(commands.Count >= 14, string.Join(", ", commands));
        foreach (var command in commands.Append("--config"))
            Assert.Matches($@"(?m)^\s+{System.Text.RegularExpressions.Regex.Escape(command)}\b", result.Stdout);
    }
}
