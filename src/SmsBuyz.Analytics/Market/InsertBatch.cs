using System.Text;
using Microsoft.Data.Sqlite;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Rows of one INSERT collected and written <see cref="Rows"/> at a time with one multi-row statement, so a first load
/// pays SQLite's per-statement work once per batch instead of once per row. Values are bound by position.
/// </summary>
internal sealed class InsertBatch(SqliteConnection connection, string insertInto, int columns) : IDisposable
{
    public const int Rows = 64;
    private readonly long[] _values = new long[Rows * columns];
    private int _count;
    private RawStatement? _full, _single;

    public bool IsFull => _count == Rows;

    public void Add(ReadOnlySpan<long> row)
    {
        row.CopyTo(_values.AsSpan(_count * columns));
        _count++;
    }

    public void Flush()
    {
        if (_count == 0)
            return;
        // A full batch in one statement; a shorter one (the tail, or a row an update must see) row by row, with a
        // statement prepared once, rather than preparing one for each length.
        var (statement, rows) = _count == Rows ? (_full ??= Prepare(Rows), Rows) : (_single ??= Prepare(1), 1);
        for (var first = 0; first < _count; first += rows)
        {
            for (var i = 0; i < rows * columns; i++)
                statement.Bind(i + 1, _values[(first * columns) + i]);
            statement.Run();
        }
        _count = 0;
    }

    private RawStatement Prepare(int rows)
    {
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        return new RawStatement(connection, new StringBuilder(insertInto).AppendJoin(", ", Enumerable.Repeat(row, rows)).ToString());
    }

    public void Dispose()
    {
        _full?.Dispose();
        _single?.Dispose();
    }
}
