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

    [Fact]
    public async Task AnyCommand_TypeErrorsAndAnUnknownCountryInOneRule_AllListedAtOnce()
    {
        using var cli = new CliHarness(new
        {
            Rules = new[] { new { Name = "r", Product = "telegram", Countries = new[] { "ru", "narnia" }, MaxPrice = "0,30", Cooldown = "30m" } },
        });

        var result = await cli.RunAsync("rules", "check", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("Rules:0:Cooldown must be a duration as [d.]hh:mm:ss", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Rules:0:MaxPrice must be a number with a '.' for decimals", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Rules:0:Countries:1 'narnia' is not a country this app knows", result.Stderr, StringComparison.Ordinal);
        // The default standing in for the refused MaxPrice is not judged as if the user had left it out.
        Assert.DoesNotContain("price condition", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.DatabasePath));
    }

    [Theory]
    [InlineData("{\"Storage\": {\"Database\": \"DB\", \"ConnectionString\": \"Host=db.example.com;Database=smsbuyz\"}}")]
    [InlineData("{\"Storage\": {\"Database\": \"DB\"}, \"Hangfire\": {\"Storage\": \"Sqlite\", \"ConnectionString\": \"Host=db.example.com;Database=jobs\"}}")]
    public async Task AnyCommand_KeyOfTheDatabaseNotInUse_Accepted(string settings)
    {
        using var cli = new CliHarness();
        File.WriteAllText(cli.ConfigPath, settings.Replace("DB", cli.DatabasePath, StringComparison.Ordinal));

        var result = await cli.RunAsync("status", "--config", cli.ConfigPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stderr);
        Assert.True(File.Exists(cli.DatabasePath));
    }
}
