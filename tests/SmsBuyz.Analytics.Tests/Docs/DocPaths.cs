using System.Text.RegularExpressions;

namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// Paths a page names in backticks must exist in the repository: paths from the root (`src/…`, `tests/…`, `docs/…`,
/// `.ci/…`; build output under bin/ and obj/ excepted), files at the root (`appsettings.json`), source files and
/// members by their folders (`Storage/PgLocks.cs`, `Worker/HangfireStorage.Create`) and test classes
/// (`Reliability/TwoWorkersTests`, `FaultMatrixTests`), which must be a file of that name under src/ or tests/.
/// A span with a space, a wildcard or an ellipsis is a pattern or a command, not a path, and so is one like
/// `data/smsbuyz.db` that the app creates.
/// </summary>
internal static partial class DocPaths
{
    public static IEnumerable<Finding> Check(Repository repo, string page)
    {
        foreach (var span in Markdown.CodeSpans(repo.Read(page)))
        {
            var exists = Exists(repo, span.Text);
            if (exists is not null)
                yield return new($"{page}:{span.Line}: `{span.Text}`", exists.Value ? null : "names nothing in the repository");
        }
    }

    /// <summary>Whether the path a span names exists; null when the span names no repository path.</summary>
    private static bool? Exists(Repository repo, string span)
    {
        if (Member().Match(span) is { Success: true } member)
            return repo.HasSourceEndingWith(member.Groups["type"].Value + ".cs");
        if (!PathLike().IsMatch(span))
            return null;
        var path = span.StartsWith("./", StringComparison.Ordinal) ? span[2..] : span;
        if (FromRoot().IsMatch(path))
            return path.Contains("/bin/", StringComparison.Ordinal) || path.Contains("/obj/", StringComparison.Ordinal)
                ? null
                : repo.Has(path.TrimEnd('/'));
        if (RootFile().IsMatch(path))
            return repo.Has(path);
        if (SourceFile().IsMatch(path))
            return repo.HasSourceEndingWith(path);
        if (TestClass().IsMatch(path))
            return repo.HasSourceEndingWith(path + ".cs");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./-]+$")]
    private static partial Regex PathLike();

    [GeneratedRegex(@"^(src|tests|docs|\.ci)/")]
    private static partial Regex FromRoot();

    [GeneratedRegex(@"^[\w.-]+\.(json|md|sln|props|targets)$")]
    private static partial Regex RootFile();

    [GeneratedRegex(@"^([A-Z]\w*/)+[A-Z]\w*\.cs$")]
    private static partial Regex SourceFile();

    [GeneratedRegex(@"^([A-Z]\w*/)*[A-Z]\w*Tests$")]
    private static partial Regex TestClass();

    /// <summary>A type by its folders and a member of it, perhaps with arguments: Worker/Jobs/JobGate.RunExclusiveAsync(…).</summary>
    [GeneratedRegex(@"^(?<type>([A-Z]\w*/)+[A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex Member();
}
