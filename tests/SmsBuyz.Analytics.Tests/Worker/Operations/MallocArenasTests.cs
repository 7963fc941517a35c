using System.Runtime.InteropServices;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker.Operations;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// The arena cap and the mmap threshold the app sets first thing: glibc here takes them, and a value the environment
/// already set is left to glibc. Whether the worker then levels off is measured by <c>bench soak</c>, not here.
/// </summary>
public sealed class MallocArenasTests
{
    [LinuxFact]
    public void Limit_WithoutTheVariable_CapsTheArenas() => Assert.True(MallocArenas.Limit(environmentLimit: null));

    [LinuxFact]
    public void Limit_WithTheVariableSet_LeavesItToGlibc() => Assert.False(MallocArenas.Limit(environmentLimit: "4"));

    [LinuxFact]
    public void KeepLargeBlocksMapped_WithoutTheVariable_FixesTheThreshold() => Assert.True(MallocArenas.KeepLargeBlocksMapped(environmentThreshold: null));

    [LinuxFact]
    public void KeepLargeBlocksMapped_WithTheVariableSet_LeavesItToGlibc() => Assert.False(MallocArenas.KeepLargeBlocksMapped(environmentThreshold: "65536"));

    /// <summary>
    /// What the threshold is for: glibc would raise it to 24 MB once a 24 MB block was freed and then keep a 16 MB block
    /// in its arenas after use; fixed, the 16 MB block is mapped on its own (glibc's count of mapped bytes grows by it),
    /// so freeing it gives it back.
    /// </summary>
    [LinuxFact]
    public void KeepLargeBlocksMapped_ABlockAfterABiggerOneWasFreed_IsStillMappedOnItsOwn()
    {
        const int Mb = 1024 * 1024;
        MallocArenas.KeepLargeBlocksMapped(environmentThreshold: null);
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(24 * Mb)); // malloc and free on Linux
        var before = MappedBytes();
        var block = Marshal.AllocHGlobal(16 * Mb);
        try
        {
            // Half of it, not all: tests running beside this one may free a mapped block of their own meanwhile.
            Assert.True(MappedBytes() - before >= 8 * Mb, $"glibc maps {MappedBytes() - before} bytes more for a 16 MB block");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>Bytes in blocks glibc mapped on their own (<c>mallinfo2().hblkhd</c>).</summary>
    private static long MappedBytes() => (long)MallInfo2().Hblkhd;

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();
}
