using Microsoft.CodeAnalysis;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reliability;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The folders of src/SmsBuyz.Analytics, sub-folders and the root included, are feature slices and thin shared parts:
/// each may use others, but no two may use each other, directly or round a longer loop, so a newcomer can read a folder
/// with only what it uses. A folder is its namespace (the build enforces that, IDE0130); Program.cs's top-level
/// statements are the global namespace, the entry point above everything.
/// </summary>
[StartEarly(30)]
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Folders_DependOnEachOtherInOneDirectionOnly()
    {
        var sources = AppSources().ToList();
        var app = NamespaceUses.Read(sources, AppReferences());

        Assert.True(app.Errors.Count == 0, "names the compile could not resolve:\n" + string.Join("\n", app.Errors.Take(20)));
        // Every folder is in the graph, so a folder the scan missed cannot pass unseen.
        Assert.Subset(app.Uses.SelectMany(u => new[] { u.From, u.To }).ToHashSet(), sources.Select(s => FolderNamespace(s.Path)).ToHashSet());
        foreach (var (from, to) in NamespaceLoop.Graph(app.Uses).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"{from} -> {string.Join(", ", to.Order(StringComparer.Ordinal))}");
        var loops = NamespaceLoop.Find(app.Uses);
        Assert.True(loops.Count == 0, "folders that depend on each other:\n" + string.Join("\n", loops));
    }

    private static string FolderNamespace(string path) =>
        string.Join('.', ["SmsBuyz", "Analytics", .. Path.GetDirectoryName(path)!.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Every C# file of the app, by its path in the project (the build's obj/ and bin/ left out).</summary>
    private static IEnumerable<(string Path, string Text)> AppSources()
    {
        var project = Path.GetFullPath(Path.GetDirectoryName(AppProcess.ProjectPath)!);
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(project, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(Path.Combine(project, path))));
    }

    /// <summary>What the app compiles against: its build output (its packages and the sandbox) and the shared frameworks.</summary>
    private static IEnumerable<MetadataReference> AppReferences() => NamespaceUses.ReferencesIn(
    [
        Path.GetDirectoryName(typeof(object).Assembly.Location)!,
        Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
        Path.GetDirectoryName(AppProcess.DllPath)!, // last: a package newer than the framework's copy wins, as at run time
    ], except: Path.GetFileName(AppProcess.DllPath)); // the app itself is compiled from its sources
}
