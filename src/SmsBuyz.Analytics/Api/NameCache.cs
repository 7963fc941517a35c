using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// Interns the names a market answer repeats every sweep (products, operators, categories), so reading an
/// unchanged market allocates no strings. Bounded: past <see cref="MaxNames"/> names, new ones are not kept.
/// </summary>
internal static class NameCache
{
    private const int MaxNames = 100_000;
    private const int MaxStackChars = 256;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The current token's text (property name or string value), interned.</summary>
    public static string Get(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxStackChars)
            return Intern(reader.GetString()!);

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        var span = chars[..length];
        return BySpan.TryGetValue(span, out var known) ? known : Intern(new string(span));
    }

    private static string Intern(string name) =>
        Names.Count < MaxNames ? Names.GetOrAdd(name, name) : name;
}
