namespace SmsBuyz.Analytics.Market;

/// <summary>
/// One provider's series by offer (product, country, operator): a hash table of slots of the cache's
/// <see cref="SeriesTable"/>, whose rows hold the keys, probed linearly and kept at most three quarters full. Some 5 bytes
/// a series; a dictionary of the keys took 52 MB for a whole market of 790,000 series.
/// </summary>
internal sealed class SeriesIndex(SeriesTable rows)
{
    /// <summary>A slot + 1 per bucket; 0 is an empty bucket.</summary>
    private int[] _buckets = new int[256];

    public int Count { get; private set; }

    /// <returns>The series' slot, or -1.</returns>
    public int Find(int product, int country, int op)
    {
        var mask = _buckets.Length - 1;
        for (var i = Hash(product, country, op) & mask; ; i = (i + 1) & mask)
        {
            var entry = _buckets[i];
            if (entry == 0)
                return -1;
            ref var s = ref rows[entry - 1];
            if (s.Product == product && s.Country == country && s.Operator == op)
                return entry - 1;
        }
    }

    /// <summary>A series not indexed yet (the caller found none of its offer, or the database's unique key says so).</summary>
    public void Add(int slot)
    {
        if ((Count + 1) * 4L > _buckets.Length * 3L)
            Grow();
        Place(_buckets, slot);
        Count++;
    }

    /// <summary>Every slot indexed, in no particular order.</summary>
    public IEnumerable<int> Slots()
    {
        foreach (var entry in _buckets)
        {
            if (entry != 0)
                yield return entry - 1;
        }
    }

    private void Grow()
    {
        var old = _buckets;
        _buckets = new int[old.Length * 2];
        foreach (var entry in old)
        {
            if (entry != 0)
                Place(_buckets, entry - 1);
        }
    }

    private void Place(int[] buckets, int slot)
    {
        ref var s = ref rows[slot];
        var mask = buckets.Length - 1;
        var i = Hash(s.Product, s.Country, s.Operator) & mask;
        while (buckets[i] != 0)
            i = (i + 1) & mask;
        buckets[i] = slot + 1;
    }

    private static int Hash(int product, int country, int op) => HashCode.Combine(product, country, op);
}
