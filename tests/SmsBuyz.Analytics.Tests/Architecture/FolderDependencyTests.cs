using Microsoft.CodeAnalysis;
using SmsBuyz.Analytics.Tests.Reliability;
using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The folders of src/SmsBuyz.Analytics, sub-folders and the root included, are feature slices and thin shared parts:
/// each may use others, but no two may use each other, directly or round a longer loop, so a newcomer can read a folder
/// with only what it uses. A folder is its namespace (the build enforces that, IDE0130); Program.cs's top-level
/// statements are the global namespace, the entry point above everything.
/// </summary>
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

    /// <summary>
    /// Every C# file of the app, by its path in the project (the build's obj/ and bin/ left out), and the C# the Razor
    /// compiler made of each component, by the path of its .razor file: a component uses what its markup names.
    /// </summary>
    private static IEnumerable<(string Path, string Text)> AppSources()
    {
        var project = Path.GetFullPath(Path.GetDirectoryName(AppProcess.ProjectPath)!);
        var code = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(project, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(Path.Combine(project, path))));
        return code.Concat(RazorSources(project)).OrderBy(s => s.Item1, StringComparer.Ordinal);
    }

    /// <summary>
    /// The Razor source generator's output for the build the tests run against (EmitCompilerGeneratedFiles in the app's
    /// project), one file per .razor file. Each names its .razor file in its first <c>#pragma checksum</c>.
    /// </summary>
    private static List<(string Path, string Text)> RazorSources(string project)
    {
        var components = Directory.GetFiles(project, "*.razor", SearchOption.AllDirectories);
        var generated = Path.Combine(project, "obj", Path.GetRelativePath(Path.Combine(project, "bin"), Path.GetDirectoryName(AppProcess.DllPath)!), "generated");
        var files = Directory.Exists(generated) ? Directory.GetFiles(generated, "*_razor.g.cs", SearchOption.AllDirectories) : [];
        var read = files.Select(f => File.ReadAllText(f))
            .Select(text => (Path: RazorPath(project, text), Text: text)).ToList();
        Assert.True(read.Count == components.Length,
            $"{components.Length} components in the app, {read.Count} generated files in {generated}: build the app before this test");
        return read;
    }

    private static string RazorPath(string project, string generated)
    {
        const string Pragma = "#pragma checksum \"";
        var start = generated.IndexOf(Pragma, StringComparison.Ordinal) + Pragma.Length;
        var file = generated[start..generated.IndexOf('"', start)];
        return Path.GetRelativePath(project, file).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>What the app compiles against: its build output (its packages and the sandbox) and the shared frameworks.</summary>
    private static IEnumerable<MetadataReference> AppReferences() => NamespaceUses.ReferencesIn(
    [
        Path.GetDirectoryName(typeof(object).Assembly.Location)!,
        Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
        Path.GetDirectoryName(AppProcess.DllPath)!, // last: a package newer than the framework's copy wins, as at run time
    ], except: Path.GetFileName(AppProcess.DllPath)); // the app itself is compiled from its sources
}
