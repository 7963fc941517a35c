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
    public static Lazy<CSharpCompilation> App { get; } = new(() => NamespaceUses.Compile(Files(AppFolder), NamespaceUses.ReferencesIn(
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

    /// <summary>The compiler's errors in every file of <paramref name="compilation"/>.</summary>
    public static List<Diagnostic> Errors(CSharpCompilation compilation) =>
        [.. compilation.SyntaxTrees.AsParallel().SelectMany(t => NamespaceUses.ErrorsIn(compilation.GetSemanticModel(t)))];

    private static string[] Frameworks =>
    [
        Path.GetDirectoryName(typeof(object).Assembly.Location)!,
        Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
    ];
}
