using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Worker.Operations;

/// <summary>
/// Hands the native memory glibc's allocator keeps after it was freed back to the system, once a minute, on Linux.
/// </summary>
/// <remarks>
/// Found by the hour-long soak (<c>bench soak</c>, docs/performance.md): the worker's resident memory grew for the whole
/// hour while the GC heap did not and SQLite's allocator held a flat 8–19 MB; what grew were glibc's malloc arenas,
/// one per thread that ever allocated at a busy moment, keeping freed blocks for reuse. <c>malloc_trim(0)</c> on the
/// running worker (by a debugger) gave 36 MB back at once: free memory kept, not live memory leaked. Trimming costs a
/// walk of the arenas, milliseconds a minute. On other C libraries (musl) or systems the call does not exist and this
/// stops after one Debug line.
/// </remarks>
public sealed partial class NativeMemoryTrim(TimeProvider time, ILogger<NativeMemoryTrim> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>How many times memory was trimmed (for tests).</summary>
    public int Trims { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                _ = MallocTrim(0); // 1 when memory was given back, 0 when there was none to give: either is fine
                Trims++;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                LogNoTrim(logger, ex.Message);
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Native memory is not trimmed: this C library has no malloc_trim ({Reason})")]
    private static partial void LogNoTrim(ILogger logger, string reason);

    // DllImport, not LibraryImport: the signature is blittable (nothing to generate), and LibraryImport needs unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
