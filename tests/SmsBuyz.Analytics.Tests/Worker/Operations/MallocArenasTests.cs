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
    /// What the threshold is for: glibc would raise it to a block's size once that block was freed, and then serve a
    /// smaller large block from its arenas and keep it there after use; fixed, the smaller block is mapped on its own,
    /// so freeing it gives it back.
    /// </summary>
    /// <remarks>
    /// Two things other tests in this process change, so the test does not rely on them. Whatever is already free in
    /// glibc's arenas serves a block before the threshold is looked at, so the block is made larger than all of it
    /// (<c>mallinfo2().fordblks</c>). And tests beside this one map and unmap blocks of their own, so the test reads
    /// whether this block is mapped from its own chunk header, not from glibc's count of mapped bytes.
    /// </remarks>
    [LinuxFact]
    public void KeepLargeBlocksMapped_ABlockAfterABiggerOneWasFreed_IsStillMappedOnItsOwn()
    {
        const int Mb = 1024 * 1024;
        MallocArenas.KeepLargeBlocksMapped(environmentThreshold: null);
        var size = checked((int)Math.Min((long)MallInfo2().Fordblks + 16 * Mb, int.MaxValue / 2));
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(size + 8 * Mb)); // malloc and free on Linux
        var block = Marshal.AllocHGlobal(size);
        try
        {
            Assert.True(IsMappedOnItsOwn(block), $"glibc served a {size / Mb} MB block from its arenas");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    /// <summary>
    /// glibc's IS_MMAPPED bit (0x2) in the size word just before the block: set for a block mapped on its own. The
    /// chunk layout has been glibc's since 2.0; the test runs only on Linux, where glibc is the C library here.
    /// </summary>
    private static bool IsMappedOnItsOwn(IntPtr block) => (Marshal.ReadInt64(block, -8) & 0x2) != 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();
}
