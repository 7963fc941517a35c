using System.Reflection;
using System.Runtime.CompilerServices;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// Auto-buy's parts stay small: no class of the AutoBuy folder (its sub-folders included) takes more than
/// <see cref="MaxDependencies"/> constructor parameters, so none grows back into an engine that holds everything.
/// Records are data, not parts, and are not counted.
/// </summary>
public sealed class DependencyCountTests
{
    private const int MaxDependencies = 6;

    [Fact]
    public void AutoBuyParts_Constructors_TakeAtMostSixDependencies()
    {
        const string Folder = "SmsBuyz.Analytics.AutoBuy";
        var parts = typeof(Analytics.AutoBuy.AutoBuyEngine).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == Folder || ns.StartsWith(Folder + ".", StringComparison.Ordinal)))
            .ToList();

        Assert.Contains(typeof(Analytics.AutoBuy.AutoBuyEngine), Parts(parts)); // the filter keeps what it is meant to check
        Assert.Empty(Oversized(parts));
    }

    [Fact]
    public void Oversized_AClassTakingSeven_IsReportedAndARecordIsNot()
    {
        Assert.Equal(["Seven(7)"], Oversized([typeof(Seven), typeof(Six), typeof(SevenFields)]));
    }

    /// <summary>Each class whose widest public constructor takes more than the limit, as <c>Name(count)</c>.</summary>
    private static List<string> Oversized(IEnumerable<Type> types) =>
        [.. Parts(types)
            .Select(t => (t.Name, Count: t.GetConstructors().Select(c => c.GetParameters().Length).DefaultIfEmpty(0).Max()))
            .Where(t => t.Count > MaxDependencies)
            .Select(t => $"{t.Name}({t.Count})")];

    /// <summary>Classes written by hand (not compiler-made closures or state machines), records left out.</summary>
    private static IEnumerable<Type> Parts(IEnumerable<Type> types) => types.Where(t =>
        t is { IsClass: true, IsAbstract: false } && !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
        && t.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is null);

#pragma warning disable CA1812, CS9113 // planted examples: never constructed, parameters unread
    private sealed class Seven(int a, int b, int c, int d, int e, int f, int g);

    private sealed class Six(int a, int b, int c, int d, int e, int f);

    private sealed record SevenFields(int A, int B, int C, int D, int E, int F, int G);
#pragma warning restore CA1812, CS9113
}
