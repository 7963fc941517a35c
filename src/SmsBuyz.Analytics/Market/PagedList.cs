using System.Collections;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// A list of structs in pages of 1,024: growing never copies what is there (a <see cref="List{T}"/> of a whole market's
/// 590,000 points doubles into a 50 MB array beside the 25 MB one it copies), and a page of a struct up to 80 bytes stays
/// under the large object heap's 85,000 bytes.
/// </summary>
internal sealed class PagedList<T> : IReadOnlyList<T> where T : struct
{
    private const int PageBits = 10;
    private const int PageSize = 1 << PageBits;

    private T[][] _pages = [];

    public int Count { get; private set; }

    public ref T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _pages[index >> PageBits][index & (PageSize - 1)];
        }
    }

    T IReadOnlyList<T>.this[int index] => this[index];

    /// <returns>The index of the item.</returns>
    public int Add(in T item)
    {
        var page = Count >> PageBits;
        if (page == _pages.Length)
            Array.Resize(ref _pages, Math.Max(16, _pages.Length * 2));
        _pages[page] ??= new T[PageSize];
        _pages[page][Count & (PageSize - 1)] = item;
        return Count++;
    }

    /// <summary>Empties the list; its pages are kept for what is added next.</summary>
    public void Clear() => Count = 0;

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
