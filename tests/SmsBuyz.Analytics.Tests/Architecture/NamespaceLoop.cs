using System.Text;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>Namespaces that use each other round a loop, with every use that joins two of them: what to move to break it.</summary>
internal sealed record NamespaceLoop(IReadOnlyList<string> Namespaces, IReadOnlyList<string> Loop, IReadOnlyList<NamespaceUse> Uses)
{
    public static Dictionary<string, HashSet<string>> Graph(IEnumerable<NamespaceUse> uses) =>
        uses.GroupBy(u => u.From).ToDictionary(g => g.Key, g => g.Select(u => u.To).ToHashSet());

    public static List<NamespaceLoop> Find(IReadOnlyCollection<NamespaceUse> uses)
    {
        var graph = Graph(uses);
        return [.. Cycles.Find(graph).Select(group => new NamespaceLoop(group, Cycles.Loop(group, graph),
            [.. uses.Where(u => group.Contains(u.From) && group.Contains(u.To))]))];
    }

    /// <summary>The files and the names in them that make the edge from one namespace to another.</summary>
    public ILookup<string, string> Edge(string from, string to) =>
        Uses.Where(u => u.From == from && u.To == to).ToLookup(u => u.File, u => u.Used);

    public override string ToString()
    {
        var text = new StringBuilder($"{string.Join(" -> ", Loop.Append(Loop[0]))}");
        if (Namespaces.Count > Loop.Count)
            text.Append($" (and {string.Join(", ", Namespaces.Except(Loop))} in the same knot)");
        foreach (var edge in Uses.GroupBy(u => (u.From, u.To)).OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
        {
            text.Append($"\n  {edge.Key.From} -> {edge.Key.To}:");
            foreach (var file in edge.GroupBy(u => u.File, u => u.Used).OrderBy(f => f.Key, StringComparer.Ordinal))
                text.Append($"\n    {file.Key}: {string.Join(", ", Briefly(file))}");
        }
        return text.ToString();
    }

    /// <summary>The names used, a type left out where one of its members is named.</summary>
    private static IEnumerable<string> Briefly(IEnumerable<string> used)
    {
        var names = used.ToHashSet();
        return names.Where(n => !names.Any(m => m.StartsWith(n + ".", StringComparison.Ordinal))).Order(StringComparer.Ordinal);
    }
}
