namespace SmsBuyz.Analytics.Tests.Architecture;

public sealed class CyclesTests
{
    private static Dictionary<string, HashSet<string>> Graph(params string[] edges) =>
        edges.Select(e => e.Split("->")).GroupBy(e => e[0], e => e[1]).ToDictionary(g => g.Key, g => g.ToHashSet());

    [Fact]
    public void Find_GraphWithTwoLoops_ReportsEachGroupOnce()
    {
        var graph = Graph("a->b", "b->c", "c->a", "c->d", "d->e", "e->d", "f->a", "e->g");

        Assert.Equal([["a", "b", "c"], ["d", "e"]], Cycles.Find(graph).OrderBy(c => c[0], StringComparer.Ordinal));
    }

    [Fact]
    public void Find_LoopReachedOnlyThroughItsLastNode_IsFound()
    {
        // Tarjan's low links matter here: the walk enters at z, and the loop closes back at z from deep inside.
        var graph = Graph("z->y", "y->x", "x->w", "w->y", "w->v");

        Assert.Equal([["w", "x", "y"]], Cycles.Find(graph));
    }

    [Fact]
    public void Find_GraphWithoutLoops_ReportsNone()
    {
        var graph = Graph("a->b", "b->c", "a->c", "d->a", "a->a");

        Assert.Empty(Cycles.Find(graph));
    }

    [Fact]
    public void Loop_WalksTheShortestWayBackToTheFirstNode()
    {
        var graph = Graph("a->b", "b->c", "c->a", "b->a");

        Assert.Equal(["a", "b"], Cycles.Loop(["a", "b", "c"], graph));
        Assert.Equal(["a", "b", "c"], Cycles.Loop(["a", "b", "c"], Graph("a->b", "b->c", "c->a")));
    }
}
