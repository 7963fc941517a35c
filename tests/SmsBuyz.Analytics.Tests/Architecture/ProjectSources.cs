using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The app's and the bench's C# sources compiled as the build compiles them, once per test run, for the tests that
/// read the code by its symbols. Each file is named by its path in its project ('/' separators).
/// </summary>
internal static class ProjectSources
{
    /// <summary>src/SmsBuyz.Analytics of this clone.</summary>
    public static string AppFolder { get; } = Path.GetFullPath(Path.GetDirectoryName(AppProcess.ProjectPath)!);

    /// <summary>src/SmsBuyz.Analytics.Bench of this clone.</summary>
    public static string BenchFolder { get; } = Path.Combine(Path.GetDirectoryName(AppFolder)!, "SmsBuyz.Analytics.Bench");

    /// <summary>The app, compiled from its sources against its build output (its packages and the sandbox) and the shared frameworks.</summary>
    public static Lazy<CSharpCompilation> App { get; } = new(() => NamespaceUses.Compile(Files(AppFolder).Concat(RazorFiles(AppFolder)), NamespaceUses.ReferencesIn(
    [
        .. Frameworks,
        Path.GetDirectoryName(AppProcess.DllPath)!, // last: a package newer than the framework's copy wins, as at run time
    ], except: Path.GetFileName(AppProcess.DllPath)))); // the app itself is compiled from its sources

    /// <summary>
    /// The bench, compiled from its sources against the app as built (this test's output holds both, with their
    /// packages), under its own assembly name, which the app lets see its internals.
    /// </summary>
    public static Lazy<CSharpCompilation> Bench { get; } = new(() => NamespaceUses.Compile(Files(BenchFolder),
        NamespaceUses.ReferencesIn([.. Frameworks, AppContext.BaseDirectory], except: "SmsBuyz.Analytics.Bench.dll"),
        name: "SmsBuyz.Analytics.Bench"));

    /// <summary>Every C# file of a project folder, by its path in the project (the build's obj/ and bin/ left out).</summary>
    public static IEnumerable<(string Path, string Text)> Files(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(project, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(Path.Combine(project, path))));

    /// <summary>
    /// The C# the Razor compiler made of each .razor file of the project for the build the tests run against
    /// (EmitCompilerGeneratedFiles in the app's project), named by the path of its .razor file, which it gives in its
    /// first <c>#pragma checksum</c>: a component uses what its markup names.
    /// </summary>
    public static List<(string Path, string Text)> RazorFiles(string project)
    {
        var components = Directory.GetFiles(project, "*.razor", SearchOption.AllDirectories);
        var generated = Path.Combine(project, "obj", Path.GetRelativePath(Path.Combine(project, "bin"), Path.GetDirectoryName(AppProcess.DllPath)!), "generated");
        var files = Directory.Exists(generated) ? Directory.GetFiles(generated, "*_razor.g.cs", SearchOption.AllDirectories) : [];
        var read = files.Select(File.ReadAllText).Select(text => (Path: RazorPath(project, text), Text: text)).ToList();
        Assert.True(read.Count == components.Length,
            $"{components.Length} .razor files in {project}, {read.Count} generated files in {generated}: build the app before this test");
        return read;
    }

    private static string RazorPath(string project, string generated)
    {
        const string Pragma = "#pragma checksum \"";
        var start = generated.IndexOf(Pragma, StringComparison.Ordinal) + Pragma.Length;
        var file = generated[start..generated.IndexOf('"', start)];
        return Path.GetRelativePath(project, file).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The compiler's errors in every file of <paramref name="compilation"/>.</summary>
    public static List<Diagnostic> Errors(CSharpCompilation compilation) =>
        [.. compilation.SyntaxTrees.AsParallel().SelectMany(t => NamespaceUses.ErrorsIn(compilation.GetSemanticModel(t)))];

    private static string[] Frameworks =>
    [
        Path.GetDirectoryName(typeof(object).Assembly.Location)!,
        Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
    ];
}
