using System.Runtime.InteropServices;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// Stops glibc from adding malloc arenas once this process has two, as <c>MALLOC_ARENA_MAX=2</c> in its environment
/// would, for a worker started by hand or under any supervisor, not only the systemd unit that sets the variable.
/// </summary>
/// <remarks>
/// Found by the soaks (<c>bench soak</c>, docs/performance.md): with glibc's default, up to 8 arenas per core, each
/// thread that allocates at a busy moment gets an arena of its own and keeps what it freed in pieces
/// <c>malloc_trim</c> cannot give back; the worker's memory outside the GC rose for half an hour (37 → 62 MB in 20
/// minutes), and stayed flat with the variable. Arenas made before <c>Main</c> (by the runtime's own threads) stay, so
/// this runs first thing there, before the host's threads exist: 20 s into <c>run</c> here, 6 arenas besides the main
/// one with it, 15 without. The memory outside the GC, per 10 minutes of an hour's soak: 42, 63, 61, 69, 69, 71 MB with
/// it, 49, 64, 73, 76, 84, 85 MB without; 36, 35, 38 MB in half an hour with the variable. A limit the environment sets
/// is glibc's own and is left alone; on other C libraries (musl) or systems nothing happens.
/// </remarks>
public static class MallocArenas
{
    /// <summary>The cap: two arenas, as the systemd unit's <c>MALLOC_ARENA_MAX=2</c>.</summary>
    public const int Max = 2;

    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's <malloc.h>

    /// <summary>Caps the arenas unless <paramref name="environmentLimit"/> (the variable's value) already does; true when capped here.</summary>
    public static bool Limit(string? environmentLimit)
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(environmentLimit))
            return false;
        try
        {
            return Mallopt(ArenaMaxParameter, Max) == 1;
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
