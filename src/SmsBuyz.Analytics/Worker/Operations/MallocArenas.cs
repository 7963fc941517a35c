using System.Runtime.InteropServices;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// Two settings of glibc's malloc made first thing in <c>Main</c>, for a worker started by hand or under any supervisor,
/// not only the systemd unit: no arenas beyond two (<c>MALLOC_ARENA_MAX=2</c>), and large blocks always mapped on their
/// own (<c>MALLOC_MMAP_THRESHOLD_=131072</c>). A value the environment sets is glibc's own and is left alone; on other C
/// libraries (musl) or systems nothing happens.
/// </summary>
/// <remarks>
/// Both found by the soaks (<c>bench soak</c>, docs/performance.md).
/// <list type="bullet">
/// <item><b>Arenas.</b> With glibc's default, up to 8 arenas per core, each thread that allocates at a busy moment gets
/// an arena of its own and keeps what it freed in pieces <c>malloc_trim</c> cannot give back; the worker's memory
/// outside the GC rose for half an hour (37 → 62 MB in 20 minutes), and stayed flat with the variable. Arenas made
/// before <c>Main</c> (by the runtime's own threads) stay: 20 s into <c>run</c> here, 6 arenas besides the main one
/// with the cap, 15 without.</item>
/// <item><b>Large blocks.</b> glibc maps a block of 128 KB or more on its own and unmaps it when freed, but the first
/// such block freed raises that threshold to its size (up to 32 MB), and from then on blocks of that size come from the
/// arenas and stay there when freed. A report's large native blocks then stayed in the worker after each report:
/// between reports the memory outside the GC rose from 35–45 MB to 45–62 MB over the first quarter hour of a 40-minute
/// soak. Setting the threshold fixes it at its default and ends the adjustment: in an hour's soak with it, 27–36 MB
/// outside the GC (5-minute means, against 53–58 MB), reports peaking at 259–281 MB (against 283–346 MB).</item>
/// </list>
/// </remarks>
public static class MallocArenas
{
    /// <summary>The cap: two arenas, as the systemd unit's <c>MALLOC_ARENA_MAX=2</c>.</summary>
    public const int Max = 2;

    /// <summary>Blocks from this size up are mapped on their own: glibc's default, kept from moving.</summary>
    public const int MmapThreshold = 128 * 1024;

    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's <malloc.h>
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD

    /// <summary>Caps the arenas unless <paramref name="environmentLimit"/> (the variable's value) already does; true when capped here.</summary>
    public static bool Limit(string? environmentLimit) => Set(ArenaMaxParameter, Max, environmentLimit);

    /// <summary>
    /// Fixes the mmap threshold unless <paramref name="environmentThreshold"/> (<c>MALLOC_MMAP_THRESHOLD_</c>) already
    /// sets one; true when fixed here.
    /// </summary>
    public static bool KeepLargeBlocksMapped(string? environmentThreshold) => Set(MmapThresholdParameter, MmapThreshold, environmentThreshold);

    private static bool Set(int parameter, int value, string? environmentValue)
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(environmentValue))
            return false;
        try
        {
            return Mallopt(parameter, value) == 1;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // DllImport, not LibraryImport: the signature is blittable (nothing to generate), and LibraryImport needs unsafe code.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
