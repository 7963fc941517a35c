using CsvHelper;

namespace SmsBuyz.Analytics.Export;

/// <summary>
/// Writes CSV (RFC 4180, invariant culture) atomically: rows go to a temporary file beside the target, which
/// replaces the target only when complete, so a failed export never leaves a half file. "-" is stdout.
/// </summary>
public static class CsvFile
{
    public static async Task<int> WriteAsync(string path, string[] header, IAsyncEnumerable<string?[]> rows,
        TextWriter stdout, CancellationToken ct)
    {
        if (path == "-")
        {
            await using var console = CsvWriter.Create(stdout, CsvWriterOptions.Default, leaveOpen: true);
            return await WriteRowsAsync(console, header, rows, ct);
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        try
        {
            int count;
            await using (var file = CsvWriter.ToFile(temp, CsvWriterOptions.Default))
                count = await WriteRowsAsync(file, header, rows, ct);
            File.Move(temp, full, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<int> WriteRowsAsync(CsvWriter csv, string[] header, IAsyncEnumerable<string?[]> rows, CancellationToken ct)
    {
        csv.WriteHeader(header);
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var field in row)
                csv.WriteField(field);
            csv.EndRecord();
            count++;
        }
        return count;
    }
}
