using System.IO.Compression;
using System.Runtime.InteropServices;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The tool as shipped: a package per platform (ToolPackageRuntimeIdentifiers) plus the fallback <c>any</c>, packed in
/// Release from a copy of the sources (so the build the other tests run is not rebuilt under them), then installed from
/// that folder only, as a user of this machine would, and run. Opt-in: it builds once per platform, about 25 minutes on
/// a busy 2-core machine: <c>SMSBUYZ_PACK=1 dotnet test --filter ToolPackageTests</c>.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class ToolPackageTests : IDisposable
{
    public const string Switch = "SMSBUYZ_PACK";

    /// <summary>Issue 21: the package a user of one platform downloads (107 MB when one package held every platform).</summary>
    private const long MaxPackageBytes = 30_000_000;

    private static readonly TimeSpan PackDeadline = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    [OptInFact(Switch, "per-platform tool packages")]
    public async Task Pack_PerPlatform_ThisPlatformsPackageUnder30MBWithoutBenchInstallsAndRuns()
    {
        var sources = CopySources(Path.Combine(folder.Path, "sources"));
        var packages = Path.Combine(folder.Path, "packages");
        var pack = await ChildProcess.RunAsync("dotnet", sources, null, PackDeadline,
            "pack", Path.Combine("src", "SmsBuyz.Analytics", "SmsBuyz.Analytics.csproj"), "-c", "Release", "-o", packages);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);

        var all = Directory.GetFiles(packages, "smsbuyz-analytics.*.nupkg");
        var mine = Assert.Single(Directory.GetFiles(packages, $"smsbuyz-analytics.{RuntimeInformation.RuntimeIdentifier}.*.nupkg"));
        Assert.Single(all, p => Path.GetFileName(p).StartsWith("smsbuyz-analytics.any.", StringComparison.Ordinal));
        Assert.True(new FileInfo(mine).Length < MaxPackageBytes, $"{Path.GetFileName(mine)}: {new FileInfo(mine).Length:N0} bytes");
        foreach (var package in all)
            Assert.DoesNotContain(Entries(package), e => e.Contains("bench", StringComparison.OrdinalIgnoreCase));
        // The package `dotnet tool install` asks for names the per-platform ones and holds no implementation itself.
        var index = Assert.Single(all, p => char.IsDigit(Path.GetFileName(p)["smsbuyz-analytics.".Length]));
        Assert.DoesNotContain(Entries(index), e => e.EndsWith(".dll", StringComparison.Ordinal));

        var tool = await InstallAsync(packages);
        var help = await ChildProcess.RunAsync(tool, folder.Path, null, Deadline, "--help");
        var sandbox = await ChildProcess.RunAsync(tool, folder.Path, null, Deadline, "sandbox", "--help");
        var bench = await ChildProcess.RunAsync(tool, folder.Path, null, Deadline, "bench", "sweep");

        Assert.True(help.ExitCode == 0, help.Stdout + help.Stderr);
        Assert.Contains("sandbox", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("bench", help.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.True(sandbox.ExitCode == 0, sandbox.Stdout + sandbox.Stderr);
        Assert.Contains("--acceleration", sandbox.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bench.ExitCode);
    }

    /// <summary>Installs from the local folder only, with an empty package cache; returns the command's path.</summary>
    private async Task<string> InstallAsync(string packages)
    {
        var install = Directory.CreateDirectory(Path.Combine(folder.Path, "install")).FullName;
        var config = Path.Combine(install, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(folder.Path, "tools");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(install, "cache"), ["DOTNET_NOLOGO"] = "1" };
        var result = await ChildProcess.RunAsync("dotnet", install, env, Deadline,
            "tool", "install", "smsbuyz-analytics", "--tool-path", tools, "--configfile", config);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        // This platform's package is the one installed, not the fallback.
        Assert.NotEmpty(Directory.GetDirectories(tools, $"smsbuyz-analytics.{RuntimeInformation.RuntimeIdentifier}", SearchOption.AllDirectories));
        return Path.Combine(tools, "smsbuyz-analytics");
    }

    private static List<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>What packing the app reads: the root's build files and README, the app and the sandbox, without bin/obj.</summary>
    private static string CopySources(string to)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppProcess.ProjectPath)!, "..", ".."));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "README.md", "global.json" })
            if (File.Exists(Path.Combine(root, file)))
                CopyFile(Path.Combine(root, file), Path.Combine(to, file));
        foreach (var project in new[] { "SmsBuyz.Analytics", "SmsBuyz.Sandbox" })
        {
            var from = Path.Combine(root, "src", project);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
                    CopyFile(file, Path.Combine(to, "src", project, relative));
            }
        }
        return to;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    public void Dispose() => folder.Dispose();
}
