namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// A checkout as the docs test sees it: the Markdown pages (README.md and docs/*.md), the source files the docs may
/// name, and the files whose comments may name a page. Paths are relative to the root, with '/' separators.
/// </summary>
internal sealed class Repository(string root)
{
    /// <summary>Text files outside the docs whose comments may name a page.</summary>
    private static readonly HashSet<string> CodeExtensions = [".cs", ".sql", ".sh", ".csproj", ".props", ".targets", ".json", ""];

    private readonly Lazy<List<string>> sources = new(() => Files(root, "src", "tests").ToList());

    public string Root { get; } = root;

    /// <summary>The checkout this test was built from: the folder above the test's output that holds the .sln.</summary>
    public static Repository OfThisTest()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && dir.GetFiles("*.sln").Length == 0)
            dir = dir.Parent;
        return dir is null
            ? throw new DirectoryNotFoundException($"no .sln above {AppContext.BaseDirectory}")
            : new Repository(dir.FullName);
    }

    public IEnumerable<string> Pages =>
        Directory.GetFiles(Root, "*.md").Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")).Select(Relative).Order();

    /// <summary>Build configuration at the root and every code file under src/, tests/ and .ci/ (no Markdown).</summary>
    public IEnumerable<string> CodeFiles =>
        Directory.GetFiles(Root).Select(Relative).Where(IsCode)
            .Concat(Files(Root, "src", "tests", ".ci").Where(IsCode))
            .Order();

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>A file or folder at this path from the root.</summary>
    public bool Has(string relative)
    {
        var full = Path.Combine(Root, relative);
        return File.Exists(full) || Directory.Exists(full);
    }

    /// <summary>A file under src/ or tests/ whose path ends with these folders and name (Storage/PgLocks.cs).</summary>
    public bool HasSourceEndingWith(string tail) =>
        sources.Value.Any(f => f.EndsWith("/" + tail, StringComparison.Ordinal));

    private static bool IsCode(string relative) =>
        CodeExtensions.Contains(Path.GetExtension(relative)) || relative == ".editorconfig";

    private static IEnumerable<string> Files(string root, params string[] folders) =>
        folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"));

    private string Relative(string full) => Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');
}
