using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The arena cap the app sets first thing: glibc here takes it, and a limit the environment already set is left to
/// glibc. Whether the worker then levels off is measured by <c>bench soak</c>, not here.
/// </summary>
public sealed class MallocArenasTests
{
    [LinuxFact]
    public void Limit_WithoutTheVariable_CapsTheArenas() => Assert.True(MallocArenas.Limit(environmentLimit: null));

    [LinuxFact]
    public void Limit_WithTheVariableSet_LeavesItToGlibc() => Assert.False(MallocArenas.Limit(environmentLimit: "4"));
}
