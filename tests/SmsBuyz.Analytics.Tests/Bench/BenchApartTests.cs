using SmsBuyz.Analytics.Bench;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Bench;

/// <summary>
/// The benchmarks and their synthetic data are a project of their own, run from the repository: the app's assembly
/// (what <c>dotnet pack</c> ships as the tool, with the sandbox's) holds none of their types, does not reference them,
/// and its command line has no <c>bench</c>.
/// </summary>
public sealed class BenchApartTests
{
    [Fact]
    public void AppAssembly_NoBenchOrSyntheticTypeAndNoReferenceToTheBench()
    {
        var app = typeof(CliApp).Assembly;

        Assert.Empty(app.GetTypes().Where(t => t.Namespace == typeof(BenchApp).Namespace
            || t.Name.Contains("Bench", StringComparison.Ordinal) || t.Name.Contains("Synthetic", StringComparison.Ordinal)).Select(t => t.FullName));
        Assert.DoesNotContain(typeof(BenchApp).Assembly.GetName().Name, app.GetReferencedAssemblies().Select(a => a.Name));
    }

    [Fact]
    public async Task App_BenchCommand_UnknownAndRefusedWithExitCode2()
    {
        using var cli = new CliHarness();

        var bench = await cli.RunAsync("bench", "sweep");
        var help = await cli.RunAsync("--help");

        Assert.Equal(ExitCodes.BadConfiguration, bench.ExitCode);
        Assert.Contains("'bench'", bench.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("sandbox", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bench", help.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bench_Help_ListsSweepIngestAndQuery()
    {
        using var cli = new CliHarness();

        var help = await cli.RunBenchAsync("--help");

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.All(new[] { "sweep", "ingest", "query", "--config" }, command => Assert.Contains(command, help.Stdout, StringComparison.Ordinal));
    }
}
