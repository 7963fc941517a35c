namespace SmsBuyz.Analytics.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite file; relative paths are under the working directory. Its folder is created.</summary>
    public string Database { get; set; } = "data/smsbuyz.db";
}
