using System.Text;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// Where an API key shows up in what the app wrote. A key cut short is still a leak, so any 10-character run of it
/// counts. Files are read as bytes, one char per byte (Latin-1), so a key in text, a database page or a WAL frame is
/// found alike; every sub-folder is searched.
/// </summary>
public sealed class KeyLeaks(string key)
{
    private const int Run = 10;

    private readonly Dictionary<string, int> _found = [];
    private readonly List<string> _searched = [];

    /// <summary>Each place searched, with its occurrences of the key, where there were any.</summary>
    public IReadOnlyDictionary<string, int> Found => _found;

    public IReadOnlyList<string> Searched => _searched;

    public void Search(string where, string text)
    {
        _searched.Add(where);
        var count = Enumerable.Range(0, key.Length - Run + 1).Sum(i => CountOf(text, key.Substring(i, Run)));
        if (count > 0)
            _found[where] = _found.GetValueOrDefault(where) + count;
    }

    /// <summary>Every file under <paramref name="folder"/> and all its sub-folders, but the ones named in <paramref name="except"/>.</summary>
    /// <remarks>
    /// SQLite deletes a database's <c>-wal</c> and <c>-shm</c> when its last connection closes, after copying the WAL
    /// into the database file, and any test's <c>SqliteConnection.ClearAllPools</c> closes pooled connections of the
    /// whole process. A file gone between the listing and its read means the files changed under the search: all of
    /// them are read again, so what the WAL held is found in the database file instead.
    /// </remarks>
    public void SearchFiles(string folder, params string[] except)
    {
        var skipped = except.Select(Path.GetFullPath).ToHashSet();
        for (var attempt = 1; ; attempt++)
        {
            var read = new List<(string Where, string Text)>();
            try
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    if (!skipped.Contains(Path.GetFullPath(file)))
                        read.Add((Path.GetRelativePath(folder, file), Encoding.Latin1.GetString(File.ReadAllBytes(file))));
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
                continue;
            }
            foreach (var (where, text) in read)
                Search(where, text);
            return;
        }
    }

    /// <summary>For an assertion's message: where the key was found, or that it was not in any of the places searched.</summary>
    public override string ToString() => _found.Count == 0
        ? $"the key is in none of {_searched.Count} places searched: {string.Join(", ", _searched)}"
        : $"the key is in {string.Join(", ", _found.Select(f => $"{f.Key} ({f.Value})"))} (of {_searched.Count} places searched)";

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
