using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmsBuyz.Analytics.Tests.Docs;

/// <summary>
/// What the docs test reads in a Markdown file, as GitHub renders it: links and code spans outside fenced blocks (a link
/// written inside a code span or a fence is text, not a link), and the anchors GitHub gives the headings.
/// </summary>
internal static partial class Markdown
{
    /// <summary>A link target or a code span's text, with the line it starts on.</summary>
    public sealed record Part(string Text, int Line);

    public static IEnumerable<Part> LinkTargets(string markdown)
    {
        var prose = CodeSpan().Replace(WithoutFences(markdown), m => Blank(m.Value));
        return Link().Matches(prose).Select(m => new Part(m.Groups["target"].Value, LineOf(prose, m.Index)));
    }

    public static IEnumerable<Part> CodeSpans(string markdown)
    {
        var prose = WithoutFences(markdown);
        return CodeSpan().Matches(prose).Select(m => new Part(m.Groups["code"].Value.Trim(), LineOf(prose, m.Index)));
    }

    /// <summary>Every heading's anchor; a repeated one is numbered (-1, -2, …) as GitHub does.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutFences(markdown)))
        {
            var slug = Slug(heading.Groups["title"].Value);
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
                anchor = $"{slug}-{n}";
        }
        return anchors;
    }

    /// <summary>
    /// GitHub's anchor for a heading (github-slugger): the rendered text in lower case, everything but letters,
    /// numbers, marks, '-', '_' and spaces dropped, and each space a '-' (so "Logs &amp; metrics" gives two).
    /// </summary>
    public static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, "${text}");
        text = text.Replace("`", "").Replace("*", "");
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (c == ' ')
                slug.Append('-');
            else if (c is '-' or '_' || char.IsLetter(c) || char.IsNumber(c) || IsMark(c))
                slug.Append(c);
        }
        return slug.ToString();
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Fenced blocks blanked out, newlines kept, so an offset still gives the line.</summary>
    private static string WithoutFences(string markdown) => Fence().Replace(markdown, m => Blank(m.Value));

    private static string Blank(string text) => new([.. text.Select(c => c == '\n' ? '\n' : ' ')]);

    private static int LineOf(string text, int offset) => text.AsSpan(0, offset).Count('\n') + 1;

    [GeneratedRegex(@"^[ \t]*```.*?^[ \t]*```[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    /// <summary>A run of backticks, text that crosses no blank line, the same run again.</summary>
    [GeneratedRegex(@"(?<!`)(?<ticks>`+)(?!`)(?<code>(?:(?!\n[ \t]*\n).)+?)(?<!`)\k<ticks>(?!`)", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<title>.+?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();
}
