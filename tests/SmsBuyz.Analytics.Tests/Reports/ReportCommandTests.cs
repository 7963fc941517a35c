using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>The <c>report</c> command line: where it writes, what it prints, how it refuses bad arguments.</summary>
public sealed class ReportCommandTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Report_DefaultFolder_PrintsIndexPathAndProgressAndKeepsALatestCopy(StorageProvider provider)
    {
        using var cli = new CliHarness(provider);
        cli.WriteConfig(new { Reports = new { OutputDirectory = cli.PathOf("reports") } });

        var result = await cli.RunAsync("report", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var index = result.Stdout.Trim();
        Assert.True(File.Exists(index), index);
        Assert.Matches(@"reports[/\\]\d{4}-\d{2}-\d{2}_\d{4}[/\\]index\.html$", index);
        Assert.True(File.Exists(cli.PathOf(Path.Combine("reports", "latest", "index.html"))));
        Assert.Contains("report: reading the market", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("start   took", result.Stderr, StringComparison.Ordinal);
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Report_Verbose_PrintsEachStagesStartDurationAndMemoryAndTheTotal(StorageProvider provider)
    {
        using var cli = new CliHarness(provider);

        var result = await cli.RunAsync("report", "--config", cli.ConfigPath, "--out", cli.PathOf("out"), "--verbose");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("report:   start   took  resident    heap  stage", result.Stderr, StringComparison.Ordinal);
        foreach (var stage in new[] { "market", "price statistics", "orders", "trends of 0 products", "charts", "tables", "page", "swap in" })
            Assert.Matches($@"report: +\d+\.\d\ds +\d+\.\d\ds +[1-9]\d* MB +\d+ MB  {stage}", result.Stderr);
        Assert.Matches(@"report: +\d+\.\d\ds  total", result.Stderr);
        Assert.Equal(result.Stdout.Trim(), cli.PathOf(Path.Combine("out", "index.html")));
    }

    [Theory]
    [InlineData("--from", "yesterday")]
    [InlineData("--from", "2026-02-01", "--to", "2026-01-01")]
    public async Task Report_BadPeriod_ExitsWithCode2AndSaysWhy(params string[] period)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync(["report", "--config", cli.ConfigPath, "--out", cli.PathOf("out"), .. period]);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("--from", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.PathOf("out")));
    }

    [Fact]
    public async Task Report_BadSetting_ExitsWithCode2NamingTheKey()
    {
        using var cli = new CliHarness(new { Reports = new { MaxProductCharts = -1 } });

        var result = await cli.RunAsync("report", "--config", cli.ConfigPath);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("Reports:MaxProductCharts", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OutIsAFolderOfOtherFiles_RefusesAndDeletesNothing()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.PathOf("documents"));
        await File.WriteAllTextAsync(cli.PathOf(Path.Combine("documents", "letter.txt")), "keep me");

        var result = await cli.RunAsync("report", "--config", cli.ConfigPath, "--out", cli.PathOf("documents"));

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Contains("holds files a report does not write", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(cli.PathOf(Path.Combine("documents", "letter.txt"))));
    }
}
