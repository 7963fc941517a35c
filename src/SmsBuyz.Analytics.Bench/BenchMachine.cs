using System.Globalization;
using System.Runtime.InteropServices;

namespace SmsBuyz.Analytics.Bench;

/// <summary>The machine line every bench command prints first: figures mean little without it.</summary>
internal static class BenchMachine
{
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");

    /// <summary>On a shared machine the load says how much the figures were disturbed.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
