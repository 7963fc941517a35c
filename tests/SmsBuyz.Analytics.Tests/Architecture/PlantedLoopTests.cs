using Microsoft.CodeAnalysis;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The folder test's analysis shown loops planted in a tiny source set: each way of using a name that compiled code does
/// not show (a constant is inlined, an enum member is a number, an attribute is metadata, nameof is a string) closes a
/// loop alone, and the loop is reported with the file and the name that make each edge.
/// </summary>
public sealed class PlantedLoopTests
{
    private static readonly List<MetadataReference> Framework =
        [.. NamespaceUses.ReferencesIn([Path.GetDirectoryName(typeof(object).Assembly.Location)!])];

    /// <summary>The root namespace's vocabulary; its Engine uses a sub-folder's Rule, the edge every case closes a loop with.</summary>
    private const string Shop = """
        namespace Shop;

        public sealed class Engine { public Rules.Rule? Rule { get; init; } }
        public static class Limits { public const int Max = 3; }
        public enum Mode { Off, Live }
        [AttributeUsage(AttributeTargets.All)] public sealed class AuditedAttribute : Attribute;
        public static class Money { public static decimal Round(decimal value) => value; }
        public sealed class Item;
        public static class Text { public static int Size(this string text) => text.Length; }
        """;

    public static TheoryData<string, string, string> BackEdges => new()
    {
        { "a constant", "public sealed class Rule { public int Limit() => Limits.Max; }", "Limits.Max" },
        { "a constant as a default value", "public sealed class Rule { public int Limit(int max = Limits.Max) => max; }", "Limits.Max" },
        { "a constant in a pattern", "public sealed class Rule { public bool Full(int n) => n is Limits.Max; }", "Limits.Max" },
        { "an enum member", "public sealed class Rule { public int Live => (int)Mode.Live; }", "Mode.Live" },
        { "an attribute", "[Audited] public sealed class Rule;", "AuditedAttribute" },
        { "nameof", "public sealed class Rule { public string Name => nameof(Item); }", "Item" },
        { "a static using", "using static Shop.Money;\nnamespace Shop.Rules;\npublic sealed class Rule { public decimal R(decimal v) => Round(v); }", "Money.Round" },
        { "a generic argument", "public sealed class Rule { public int Count(object[] all) => all.OfType<Item>().Count(); }", "Item" },
        { "a using alias", "using Unit = Shop.Item;\nnamespace Shop.Rules;\npublic sealed class Rule { public Type Of => typeof(Unit); }", "Item" },
        { "an extension method", "public sealed class Rule { public int Size(string text) => text.Size(); }", "Text.Size" },
    };

    [Theory]
    [MemberData(nameof(BackEdges))]
    public void Find_ReportsALoopClosedByOneUse(string kind, string rule, string used)
    {
        var uses = Read(("Shop/Shop.cs", Shop), ("Shop/Rules/Rule.cs", rule.Contains("namespace", StringComparison.Ordinal) ? rule : $"namespace Shop.Rules;\n{rule}"));

        var loop = Assert.Single(NamespaceLoop.Find(uses));
        Assert.Equal(["Shop", "Shop.Rules"], loop.Namespaces);
        Assert.Equal(["Rule"], loop.Edge("Shop", "Shop.Rules")["Shop/Shop.cs"]);
        Assert.True(loop.Edge("Shop.Rules", "Shop")["Shop/Rules/Rule.cs"].Any(u => u.StartsWith(used, StringComparison.Ordinal)), $"{kind}:\n{loop}");
    }

    [Fact]
    public void Find_ReportsNoLoopWhenTheSubFolderUsesNothingOfTheRoot()
    {
        var uses = Read(("Shop/Shop.cs", Shop), ("Shop/Rules/Rule.cs", "using Shop;\nnamespace Shop.Rules;\npublic sealed class Rule { public int Limit() => 3; }"));

        Assert.Equal(new[] { new NamespaceUse("Shop", "Shop.Rules", "Shop/Shop.cs", "Rule") }, uses.ToArray());
        Assert.Empty(NamespaceLoop.Find(uses));
    }

    [Fact]
    public void Find_NamesEveryEdgeOfALongerLoopOfConstantAndEnumUses()
    {
        var uses = Read(
            ("Market/Store.cs", "namespace Market;\npublic static class Store { public static int Keep => Retention.Policy.Days; }"),
            ("Market/Retention/Policy.cs", "namespace Market.Retention;\npublic static class Policy { public const int Days = 7; public static bool Raw(int k) => k == (int)Sweeps.Kind.Raw; }"),
            ("Market/Sweeps/Kind.cs", "namespace Market.Sweeps;\npublic enum Kind { Raw }\n[Audited] public sealed class Sweep;"),
            ("Market/Audited.cs", "namespace Market;\npublic sealed class AuditedAttribute : Attribute;"));

        var loop = Assert.Single(NamespaceLoop.Find(uses));
        Assert.Equal(["Market", "Market.Retention", "Market.Sweeps"], loop.Loop);
        Assert.Contains("Policy.Days", loop.Edge("Market", "Market.Retention")["Market/Store.cs"]);
        Assert.Contains("Kind.Raw", loop.Edge("Market.Retention", "Market.Sweeps")["Market/Retention/Policy.cs"]);
        Assert.Contains(loop.Edge("Market.Sweeps", "Market")["Market/Sweeps/Kind.cs"], u => u.StartsWith("AuditedAttribute", StringComparison.Ordinal));
        Assert.Equal("""
            Market -> Market.Retention -> Market.Sweeps -> Market
              Market -> Market.Retention:
                Market/Store.cs: Policy.Days
              Market.Retention -> Market.Sweeps:
                Market/Retention/Policy.cs: Kind.Raw
              Market.Sweeps -> Market:
                Market/Sweeps/Kind.cs: AuditedAttribute.AuditedAttribute
            """, loop.ToString());
    }

    private static IReadOnlySet<NamespaceUse> Read(params (string Path, string Text)[] sources)
    {
        var read = NamespaceUses.Read(sources, Framework);
        Assert.Empty(read.Errors);
        return read.Uses;
    }
}
