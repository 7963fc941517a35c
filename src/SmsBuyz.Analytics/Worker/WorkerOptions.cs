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

/// <summary>The <c>Dashboard</c> section: Hangfire's web dashboard inside the worker.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";

    public bool Enabled { get; set; } = true;

    /// <summary>Where it listens, path included. Loopback by default; anything else needs credentials.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5080/hangfire";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public bool HasCredentials => Username.Length > 0 && Password.Length > 0;
}
