namespace SmsBuyz.Analytics.Configuration;

/// <summary>"did you mean" for a key that is not a setting: the closest known key within a few edits, if any.</summary>
internal static class KeyHints
{
    public static string DidYouMean(string key, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: Math.Min(Distance(key.ToLowerInvariant(), k.ToLowerInvariant()),
                Distance(Singular(key), Singular(k)))))
            .Where(k => k.Distance <= Math.Max(2, key.Length / 4))
            .OrderBy(k => k.Distance).ThenBy(k => k.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Key is null ? "" : $"; did you mean {best.Key}?";
    }

    /// <summary>Country and Countries, RawDay and RawDays, compared as one word.</summary>
    private static string Singular(string key)
    {
        var k = key.ToLowerInvariant();
        return k.EndsWith("ies", StringComparison.Ordinal) ? k[..^3] + "y" : k.TrimEnd('s');
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
