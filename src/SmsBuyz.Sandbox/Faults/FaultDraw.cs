using SmsBuyz.Sandbox.Market;

namespace SmsBuyz.Sandbox.Faults;

/// <summary>
/// Decides per request whether a fault applies and which. One seeded stream behind a lock: the
/// sequence of draws is reproducible for a seed, whatever threads the requests run on.
/// </summary>
internal sealed class FaultDraw(SandboxFaults faults, int seed)
{
    private static readonly FaultKinds[] Single =
        [.. Enum.GetValues<FaultKinds>().Where(k => k != FaultKinds.None && k != FaultKinds.All)];

    private readonly Lock gate = new();
    private readonly Random random = SeededRandom.For(seed, "faults", 0);

    /// <summary>The fault for this request (None for most) and the latency to apply.</summary>
    public (FaultKinds Kind, TimeSpan Latency) Next(string path)
    {
        var (probability, kinds, latency, pathContains) = faults.Snapshot();
        var enabled = Single.Where(k => kinds.HasFlag(k)).ToArray();
        if (probability <= 0 || enabled.Length == 0
            || (pathContains is not null && !path.Contains(pathContains, StringComparison.OrdinalIgnoreCase)))
        {
            return (FaultKinds.None, latency);
        }

        lock (gate)
        {
            return random.NextDouble() < probability && faults.TryTake()
                ? (enabled[random.Next(enabled.Length)], latency)
                : (FaultKinds.None, latency);
        }
    }
}
