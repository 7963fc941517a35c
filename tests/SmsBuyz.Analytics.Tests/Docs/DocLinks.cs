using System.Text.RegularExpressions;

namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// Relative links of a page: the file must exist (from the page's folder), and an #anchor must be a heading of the
/// target page, as GitHub spells it. Links with a scheme (https:, mailto:) leave the repository and are not followed.
/// </summary>
internal static partial class DocLinks
{
    public static IEnumerable<Finding> Check(Repository repo, string page)
    {
        var folder = Path.GetDirectoryName(page) ?? "";
        foreach (var link in Markdown.LinkTargets(repo.Read(page)))
        {
            if (Scheme().IsMatch(link.Text))
                continue;
            var hash = link.Text.IndexOf('#', StringComparison.Ordinal);
            var path = Uri.UnescapeDataString(hash < 0 ? link.Text : link.Text[..hash]);
            var anchor = hash < 0 ? null : Uri.UnescapeDataString(link.Text[(hash + 1)..]);
            var target = path.Length == 0 ? page : Normalize(Path.Combine(folder, path));
            var where = $"{page}:{link.Line}: link ({link.Text})";
            if (target.StartsWith("../", StringComparison.Ordinal) || !repo.Has(target))
                yield return new(where, $"{target} does not exist");
            else if (anchor is not null && target.EndsWith(".md", StringComparison.Ordinal)
                     && !Markdown.Anchors(repo.Read(target)).Contains(anchor))
                yield return new(where, $"{target} has no heading with the anchor #{anchor}");
            else
                yield return new(where, null);
        }
    }

    /// <summary>The path with '.' and '..' parts folded away and '/' separators; one that leaves the root keeps its leading '..'.</summary>
    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
                parts.RemoveAt(parts.Count - 1);
            else
                parts.Add(part);
        }
        return string.Join('/', parts);
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();
}
