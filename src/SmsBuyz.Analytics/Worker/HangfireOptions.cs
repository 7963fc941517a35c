namespace SmsBuyz.Analytics.Worker;

public enum JobStorageKind { Sqlite, InMemory, PostgreSql }

/// <summary>The <c>Hangfire</c> section: where recurring jobs and their state are kept.</summary>
public sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>
    /// Sqlite survives restarts; InMemory forgets everything at exit (demo, tests); PostgreSql (with
    /// <c>Storage:Provider</c> PostgreSql) keeps the jobs in a <c>hangfire</c> schema that several workers can share.
    /// </summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Sqlite;

    /// <summary>Hangfire's own SQLite file, never the app database. One worker process per file.</summary>
    public string Database { get; set; } = "data/hangfire.db";

    /// <summary>Hangfire's PostgreSQL database, in Npgsql syntax; empty: <c>Storage:ConnectionString</c>.</summary>
    public string ConnectionString { get; set; } = "";
}
