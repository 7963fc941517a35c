namespace SmsBuyz.Analytics.Bench;

/// <summary>A bench's database is its own and starts empty each run.</summary>
public static class BenchFiles
{
    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
            File.Delete(file);
    }
}
