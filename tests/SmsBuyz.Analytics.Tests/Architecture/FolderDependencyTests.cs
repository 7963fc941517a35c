using Xunit.Abstractions;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The folders of src/SmsBuyz.Analytics are feature slices and thin shared parts: each may use others, but no two may
/// use each other, directly or round a longer loop, so a newcomer can read a folder with only what it uses.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    private const string Root = "SmsBuyz.Analytics";

    [Fact]
    public void Folders_DependOnEachOtherInOneDirectionOnly()
    {
        var edges = TypeReferences.Read(typeof(Analytics.Cli.CliApp).Assembly)
            .Select(r => (From: Folder(r.FromNamespace), r.FromType, To: Folder(r.ToNamespace)))
            .Where(r => r.From is not null && r.To is not null && r.From != r.To)
            .ToList();
        var graph = edges.GroupBy(e => e.From!).ToDictionary(g => g.Key, g => g.Select(e => e.To!).ToHashSet());
        foreach (var (from, to) in graph.OrderBy(g => g.Key))
            output.WriteLine($"{from} -> {string.Join(", ", to.Order())}");

        var loops = Cycles.Find(graph).Select(loop => string.Join("; ", loop.Zip(loop.Skip(1).Append(loop[0]))
            .Select(step => $"{step.First} -> {step.Second} ({string.Join(", ", edges.Where(e => e.From == step.First && e.To == step.Second).Select(e => e.FromType).Distinct().Order().Take(4))})")))
            .ToList();
        Assert.True(loops.Count == 0, "folders that depend on each other:\n" + string.Join("\n", loops));
    }

    [Fact]
    public void TypeReferences_SeeAUseThroughAMethodBody()
    {
        // Cli's commands build their services through Configuration only inside method bodies.
        var uses = TypeReferences.Read(typeof(Analytics.Cli.CliApp).Assembly);
        Assert.Contains(uses, u => u.FromNamespace == $"{Root}.Cli" && u.ToNamespace.StartsWith($"{Root}.", StringComparison.Ordinal));
    }

    /// <summary>The first namespace segment under the app's root; null for the root itself (Program, the entry point).</summary>
    private static string? Folder(string ns) =>
        ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0] : null;
}
