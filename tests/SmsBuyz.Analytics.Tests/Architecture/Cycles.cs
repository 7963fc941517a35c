namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>The loops of a directed graph: its strongly connected components (Tarjan) of more than one node.</summary>
internal static class Cycles
{
    /// <summary>Each group of nodes that reach each other, sorted; a node's edge to itself is no loop.</summary>
    public static List<List<string>> Find(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node))
                Visit(node);
        return [.. components.Where(c => c.Count > 1).Select(c => c.Order(StringComparer.Ordinal).ToList())];

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                    low[node] = Math.Min(low[node], seen);
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string top;
            do
            {
                top = stack.Pop();
                component.Add(top);
            }
            while (top != node);
            components.Add(component);
        }
    }

    /// <summary>A shortest walk inside a component from its first node back to it (breadth-first): one loop to name.</summary>
    public static List<string> Loop(List<string> component, Dictionary<string, HashSet<string>> graph)
    {
        var inside = component.ToHashSet();
        var start = component.Order(StringComparer.Ordinal).First();
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in graph.GetValueOrDefault(node, []).Where(inside.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { node };
                    while (path[^1] != start)
                        path.Add(previous[path[^1]]);
                    path.Reverse();
                    return path;
                }
                if (previous.TryAdd(next, node))
                    queue.Enqueue(next);
            }
        }
        return component;
    }
}
