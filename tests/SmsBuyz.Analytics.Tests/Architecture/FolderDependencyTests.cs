using SmsBuyz.Analytics.Tests.Infrastructure;
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
        var app = NamespaceUses.Read(ProjectSources.App.Value);

        Assert.True(app.Errors.Count == 0, "names the compile could not resolve:\n" + string.Join("\n", app.Errors.Take(20)));
        // Every folder is in the graph, so a folder the scan missed cannot pass unseen.
        Assert.Subset(app.Uses.SelectMany(u => new[] { u.From, u.To }).ToHashSet(),
            ProjectSources.Files(ProjectSources.AppFolder).Select(s => FolderNamespace(s.Path)).ToHashSet());
        foreach (var (from, to) in NamespaceLoop.Graph(app.Uses).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"{from} -> {string.Join(", ", to.Order(StringComparer.Ordinal))}");
        var loops = NamespaceLoop.Find(app.Uses);
        Assert.True(loops.Count == 0, "folders that depend on each other:\n" + string.Join("\n", loops));
    }

    private static string FolderNamespace(string path) =>
        string.Join('.', ["SmsBuyz", "Analytics", .. Path.GetDirectoryName(path)!.Split('/', StringSplitOptions.RemoveEmptyEntries)]);
}
