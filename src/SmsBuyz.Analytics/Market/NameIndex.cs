namespace SmsBuyz.Analytics.Market;

/// <summary>
/// The ids of one dimension (countries, operators or products) by key and by every spelling met, so a name an answer
/// repeats costs one dictionary lookup and no key computation. <see cref="Entry.Display"/> is the name as shown.
/// </summary>
internal sealed class NameIndex(Func<string, string> keyOf)
{
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _bySpelling = new(StringComparer.Ordinal);

    public string KeyOf(string spelling) => keyOf(spelling);

    public void Add(long id, string key, string display)
    {
        var entry = new Entry(id) { Display = display };
        _byKey[key] = entry;
        _bySpelling[key] = entry;
        _bySpelling[display] = entry;
    }

    public Entry? BySpelling(string spelling) => _bySpelling.GetValueOrDefault(spelling);

    public Entry? ByKey(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The id of a key, or -1 (no such row, so nothing of it can be stored).</summary>
    public long IdOf(string key) => _byKey.TryGetValue(key, out var entry) ? entry.Id : -1;

    public void Remember(string spelling, Entry entry) => _bySpelling[spelling] = entry;

    public sealed class Entry(long id)
    {
        public long Id { get; } = id;
        public required string Display { get; set; }
    }
}
