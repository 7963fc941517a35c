using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Interns the names a market answer repeats every sweep (products, operators, categories), so reading an
/// unchanged market allocates no strings. Bounded: past <see cref="MaxNames"/> names, new ones are not kept.
/// A name met before is mostly found by its UTF-8 bytes alone (<see cref="Recent"/>): no decoding, no dictionary lookup,
/// on the sweep's hottest path (a name per offer).
/// </summary>
internal static class NameCache
{
    private const int MaxNames = 100_000;
    private const int MaxStackChars = 256;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Names by a hash of their bytes, one per slot, the first name to reach a slot keeping it: a market's names are the
    /// same sweep after sweep, and two names sharing a slot in turn would each miss every time. A slot is written whole
    /// (a reference), so a reader on another thread sees no entry or a complete one.
    /// </summary>
    private static readonly Entry?[] Recent = new Entry?[16_384];

    /// <summary>The current token's text (property name or string value), interned.</summary>
    public static string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxStackChars)
            return Intern(reader.GetString()!);

        var bytes = reader.ValueSpan;
        var slot = Slot(bytes);
        var recent = Recent[slot];
        if (recent is not null && bytes.SequenceEqual(recent.Utf8))
            return recent.Name;

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(bytes, chars);
        var span = chars[..length];
        var name = BySpan.TryGetValue(span, out var known) ? known : Intern(new string(span));
        if (recent is null)
            Recent[slot] = new Entry(bytes.ToArray(), name);
        return name;
    }

    /// <summary>FNV-1a over the bytes, folded to a slot.</summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
            hash = (hash ^ b) * 16777619u;
        return (int)((hash ^ (hash >> 16)) & (uint)(Recent.Length - 1));
    }

    private static string Intern(string name) =>
        Names.Count < MaxNames ? Names.GetOrAdd(name, name) : name;

    private sealed record Entry(byte[] Utf8, string Name);
}
