namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// The app's PostgreSQL advisory locks under <see cref="PgLocks.App"/> (docs/postgresql-design.md, section 7). Session
/// locks (Migrations, Buyer, SoleScheduler) die with their connection, so a killed process frees them at once;
/// transaction locks (the others) end with the transaction that took them. SQLite needs none of them: its one write
/// lock (<c>BEGIN IMMEDIATE</c>) serializes every writer.
/// </summary>
public enum WriteLock
{
    /// <summary>Session, held by <see cref="PostgreSqlMigrator"/> while it migrates: two workers starting at once take turns.</summary>
    Migrations = 1,

    /// <summary>Session: the one active auto-buyer.</summary>
    Buyer = 2,

    /// <summary>Transaction, taken in SQL by <c>price_change_ensure_partitions</c> and <c>price_change_drop_months</c>.</summary>
    Partitions = 3,

    /// <summary>Transaction: a market write group (the market cache assumes one writer at a time).</summary>
    Market = 4,

    /// <summary>Transaction: an intent reservation, which re-reads every limit before it inserts.</summary>
    Reservation = 5,

    /// <summary>Transaction: a rollup or prune batch.</summary>
    Retention = 6,

    /// <summary>Session: exclusive for a worker whose Hangfire storage is not shared, shared for workers on Hangfire.PostgreSql.</summary>
    SoleScheduler = 7,
}

/// <summary>The first key of every advisory lock this app takes (two int4 keys: class, then object).</summary>
public static class PgLocks
{
    /// <summary>'SMSB': the <see cref="WriteLock"/> keys.</summary>
    public const int App = 1397576514;

    /// <summary>'SMSJ': a job's "previous run still going" gate, by <c>hashtext(job id)</c>.</summary>
    public const int Jobs = 1397576522;

    /// <summary>'SMSS': "this sweep's process is alive", by sweep id.</summary>
    public const int Sweeps = 1397576531;
}
