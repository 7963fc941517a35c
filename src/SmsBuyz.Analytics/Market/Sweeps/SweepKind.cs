using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// What wrote a <c>sweep</c> row (its <c>kind</c>, stored as these words): the one definition every writer, query and
/// decision uses, in SQL through <see cref="Storage.SqlList"/> or a parameter. A scheduled job's rows carry the job's id
/// (<c>Worker.Jobs.JobIds</c> are these words), which is how health and metrics match a sweep to its job.
/// </summary>
public static class SweepKind
{
    /// <summary>The products job: <c>guest/products</c> of every monitored country and operator.</summary>
    public const string Products = "products";

    /// <summary>The prices job: <c>guest/prices</c>.</summary>
    public const string Prices = "prices";

    /// <summary>The account job: profile, orders and payments.</summary>
    public const string Account = "account";

    /// <summary>The <c>snapshot</c> command: every part once.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>
    /// A rule's watch poll: one every <c>WatchInterval</c> (8,640 a day at 10 s), so maintenance deletes them once they are
    /// older than the hourly window (<c>Market.Retention.SweepPruner</c>).
    /// </summary>
    public const string Watch = "watch";

    /// <summary>The reports job, recorded as a sweep row of its own (it fetches nothing).</summary>
    public const string Reports = "reports";

    /// <summary>The maintenance job (retention), recorded as a sweep row of its own (it fetches nothing).</summary>
    public const string Maintenance = "maintenance";

    /// <summary>The <c>bench</c> commands' sweeps of synthetic or sandbox markets.</summary>
    public const string Bench = "bench";

    /// <summary>Job runs that collect no market data: the report's charts start at the first sweep of any other kind.</summary>
    public static readonly IReadOnlyList<string> JobRuns = [Reports, Maintenance];
}

/// <summary>
/// Why a part of a sweep failed (<c>sweep_error.kind</c>, stored as these words): an API failure by its
/// <see cref="ApiErrorKind"/> name, one of the kinds below, or, for what nobody expected, the exception's type name.
/// Decisions (pausing the account sweeps, closing orphans, counting interrupted sweeps) compare these, never messages.
/// </summary>
public static class SweepErrorKind
{
    /// <summary>Written when a sweep whose process died is closed (<see cref="InterruptedSweeps"/>).</summary>
    public const string Interrupted = "Interrupted";

    /// <summary>An answer held entries that could not be read.</summary>
    public const string Malformed = "Malformed";

    /// <summary>The database refused a write (full disk, locked, read-only).</summary>
    public const string Database = "Database";

    /// <summary>The API key was refused: the account sweeps pause until a restart with a fixed key.</summary>
    public static readonly IReadOnlyList<string> Auth = [Of(ApiErrorKind.Unauthorized), Of(ApiErrorKind.Forbidden)];

    public static string Of(ApiErrorKind kind) => kind.ToString();

    /// <summary>A failure nobody planned for, by its exception's type name.</summary>
    public static string Unexpected(Exception ex) => ex.GetType().Name;
}
