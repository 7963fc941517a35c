using System.Text.RegularExpressions;

namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// Pages that code names (in comments, mostly): a docs/ path or a bare page name such as README.md must be a file
/// from the root, so a comment never sends a reader to a page that was renamed, or that lives outside the repository.
/// </summary>
internal static partial class CodeMentions
{
    public static IEnumerable<Finding> Check(Repository repo)
    {
        foreach (var file in repo.CodeFiles)
        {
            var text = repo.Read(file);
            foreach (Match mention in Page().Matches(text))
            {
                var line = text.AsSpan(0, mention.Index).Count('\n') + 1;
                var page = mention.Value;
                yield return new($"{file}:{line}: {page}", repo.Has(page) ? null : "names a page that is not in the repository");
            }
        }
    }

    /// <summary>A path under docs/ ending in .md, or a page name standing alone (not the tail of a longer or relative path).</summary>
    [GeneratedRegex(@"\bdocs/[\w./-]*[\w-]\.md\b|(?<![\w./\\-])[A-Za-z][\w-]*\.md\b")]
    private static partial Regex Page();
}
