using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The app as a .NET tool: packed from the build the tests use, installed into a temporary tool path from that
/// local package folder only (no registry), then run in an empty folder: no appsettings.json there, defaults apply.
/// The build under test is platform-neutral, so it is packed as one package (ToolPackageRuntimeIdentifiers emptied),
/// which is what the per-platform packs' fallback <c>smsbuyz-analytics.any</c> holds; the per-platform packages are
/// built and installed by <see cref="ToolPackageTests"/> (opt-in: a build per platform takes minutes).
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class ToolInstallTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Tool_PackedAndInstalledFromLocalFolder_HelpAndShortDemoRunWithoutAppsettings()
    {
        var packages = Path.Combine(folder.Path, "packages");
        var tools = Path.Combine(folder.Path, "tools");
        var work = Directory.CreateDirectory(Path.Combine(folder.Path, "work")).FullName;
        File.WriteAllText(Path.Combine(folder.Path, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        // Its own package cache: a package of the same version cached by an earlier run must not stand in for this one.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(folder.Path, "nuget-cache"), ["DOTNET_NOLOGO"] = "1" };

        var pack = await ChildProcess.RunAsync("dotnet", folder.Path, env, Deadline, "pack", AppProcess.ProjectPath,
            "-c", AppProcess.Configuration, "--no-build", "-o", packages, "-p:ToolPackageRuntimeIdentifiers=");
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var install = await ChildProcess.RunAsync("dotnet", folder.Path, env, Deadline, "tool", "install", "smsbuyz-analytics",
            "--tool-path", tools, "--configfile", Path.Combine(folder.Path, "nuget.config"));
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        var tool = Path.Combine(tools, "smsbuyz-analytics");

        var help = await ChildProcess.RunAsync(tool, work, env, Deadline, "--help");
        var demo = await ChildProcess.RunAsync(tool, work, env, Deadline, "demo", "--minutes", "0.1", "--every", "2");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("demo", help.Stdout, StringComparison.Ordinal);
        Assert.True(demo.ExitCode == 0, demo.Stdout + demo.Stderr);
        Assert.Matches("collected: [1-9][0-9]* sweeps", demo.Stdout);
        Assert.Contains("metrics: http://127.0.0.1:", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains($"New database {Path.Combine(work, "data", "demo.db")}", demo.Stderr, StringComparison.Ordinal); // says where data goes
        Assert.True(File.Exists(Path.Combine(work, "reports", "demo", "index.html")));
        Assert.False(File.Exists(Path.Combine(work, "appsettings.json")));
    }

    public void Dispose() => folder.Dispose();
}
