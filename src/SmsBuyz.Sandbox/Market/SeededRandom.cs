namespace SmsBuyz.Sandbox.Market;

/// <summary>
/// Independent, reproducible random streams: one per (seed, purpose, index). Derived with
/// SplitMix64 and FNV-1a rather than HashCode, which is randomized per process.
/// System.Random with an explicit seed keeps its legacy, stable sequence across runtimes;
/// reproducibility, not secrecy, is the point.
/// </summary>
internal static class SeededRandom
{
    public static Random For(int seed, string purpose, long index)
    {
        var h = Mix(unchecked((ulong)seed));
        h = Mix(h ^ Fnv1a(purpose));
        h = Mix(h ^ unchecked((ulong)index));
        return new Random((int)(h & int.MaxValue));
    }

    /// <summary>A uniform value in [min, max] for a decimal range, rounded to 4 places.</summary>
    public static decimal NextDecimal(this Random random, decimal min, decimal max) =>
        Math.Round(min + ((max - min) * (decimal)random.NextDouble()), 4);

    public static int Between(this Random random, int min, int inclusiveMax) => random.Next(min, inclusiveMax + 1);

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static ulong Fnv1a(string text)
    {
        unchecked
        {
            var h = 0xCBF29CE484222325UL;
            foreach (var c in text)
            {
                h = (h ^ c) * 0x100000001B3UL;
            }

            return h;
        }
    }
}
