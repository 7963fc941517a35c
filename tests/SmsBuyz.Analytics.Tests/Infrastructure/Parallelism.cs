using Xunit.Abstractions;

// Four collections at a time on a 2-core machine: lanes of tests that mostly wait on real time (workers waiting for
// cron minutes, watch intervals, random kill points; see Reliability/Collections.cs), the Hangfire lane
// (Worker/HangfireTests.cs) and the tests that compute. xunit's conservative algorithm (the default) holds a slot for
// a collection from its first test to its last, however long it waits.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
[assembly: TestCollectionOrderer(SmsBuyz.Analytics.Tests.Infrastructure.StartEarlyOrderer.TypeName, "SmsBuyz.Analytics.Tests")]

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A collection (on its <c>[CollectionDefinition]</c> class) or a test class of its own collection that runs long:
/// about <paramref name="seconds"/> on a quiet 2-core machine. It is started before the others, longest first, so that
/// it does not start late and run on alone at the end. Only the order of starts depends on it, never a result.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartEarlyAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the collections marked <see cref="StartEarlyAttribute"/> first, longest first, and the rest in the order xunit
/// found them. Collections that disable parallelization run after all of these whatever their place.
/// </summary>
public sealed class StartEarlyOrderer : ITestCollectionOrderer
{
    public const string TypeName = "SmsBuyz.Analytics.Tests.Infrastructure.StartEarlyOrderer";

    /// <summary>How xunit names the collection a test class without <c>[Collection]</c> has to itself.</summary>
    private const string ClassCollection = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(Seconds); // stable: unmarked collections keep their order

    private static int Seconds(ITestCollection collection)
    {
        var type = collection.CollectionDefinition
            ?? (collection.DisplayName.StartsWith(ClassCollection, StringComparison.Ordinal)
                ? collection.TestAssembly.Assembly.GetType(collection.DisplayName[ClassCollection.Length..])
                : null);
        var mark = type?.GetCustomAttributes(typeof(StartEarlyAttribute)).FirstOrDefault();
        return mark?.GetConstructorArguments().Cast<int>().Single() ?? 0;
    }
}
