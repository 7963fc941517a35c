using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// A sweep whose process was killed (SIGKILL, OOM, power cut) keeps <c>finished_at</c> NULL. Such rows are closed
/// later, marked with an <see cref="SweepErrorKind.Interrupted"/> error and the counts they had saved. Only rows whose
/// process is gone may be closed, and a row does not say who runs it: a running sweep carries its process's sign of
/// life (<see cref="Presence"/>), and the rows without one are closed. On SQLite a process checks once, before its
/// first sweep (a lock file beside the database says whether another one sweeps); where workers share the database,
/// before every sweep, since other workers live on while one dies.
/// </summary>
public sealed partial class InterruptedSweeps(Database db, Presence presence, TimeProvider time, ILogger<InterruptedSweeps> logger)
{
    /// <summary>
    /// The open sweeps and the sign of life of one: its id as the second key of its lock (ids stay far below 2^31, a
    /// sweep a minute for 4,000 years).
    /// </summary>
    public static readonly OpenRows Rows = new("sweeps", "SELECT id FROM sweep WHERE finished_at IS NULL ORDER BY id",
        id => new PresenceKey(PgLocks.Sweeps, checked((int)id)));

    /// <summary>Before a sweep: closes the open sweeps whose process is gone.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        var closed = await presence.CloseGoneAsync(Rows, (connection, tx, orphans) => CloseAsync(connection, tx, orphans, ct), ct);
        foreach (var sweep in closed)
            LogClosed(sweep.Kind, sweep.Id, sweep.Points, sweep.Changes);
    }

    private async Task<IReadOnlyList<(long Id, string Kind, int Points, int Changes)>> CloseAsync(DbConnection connection, DbTransaction tx,
        IReadOnlyList<long> orphans, CancellationToken ct)
    {
        // Ids are numbers read a moment ago in this transaction: written into the statement, the same for both dialects.
        var ids = string.Join(',', orphans.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var closed = (await connection.QueryAsync<(long Id, string Kind, int Points, int Changes)>(new CommandDefinition(db.Sql(
            sqlite: $"""
                UPDATE sweep SET errors = (SELECT count(*) FROM sweep_error e WHERE e.sweep_id = sweep.id) + 1, -- the rows written, and this one
                       finished_at = max(started_at, coalesce((SELECT max(e.at) FROM sweep_error e WHERE e.sweep_id = sweep.id), 0))
                WHERE finished_at IS NULL AND id IN ({ids})
                RETURNING id, kind, points, changes
                """,
            postgreSql: $"""
                UPDATE sweep SET errors = (SELECT count(*) FROM sweep_error e WHERE e.sweep_id = sweep.id) + 1,
                       finished_at = greatest(started_at, coalesce((SELECT max(e.at) FROM sweep_error e WHERE e.sweep_id = sweep.id), 0))
                WHERE finished_at IS NULL AND id IN ({ids})
                RETURNING id, kind, points, changes
                """), transaction: tx, cancellationToken: ct))).AsList();
        foreach (var sweep in closed)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (@Id, @at, 'sweep', @kind, @message)
                """, new
            {
                sweep.Id,
                at = UnixMs.From(time.GetUtcNow()),
                kind = SweepErrorKind.Interrupted,
                message = db.SharedByWorkers
                    ? "the worker ended before the sweep finished (killed, crashed or cut off); closed by a live worker's next sweep with the counts it had saved"
                    : "the process ended before the sweep finished (killed or crashed); closed at the next start with the counts it had saved",
            }, tx, cancellationToken: ct));
        }
        return closed;
    }

    [LoggerMessage(LogLevel.Warning, "{Kind} #{SweepId} was interrupted (its process ended mid-way); closed with {Points} points and {Changes} changes saved")]
    private partial void LogClosed(string kind, long sweepId, int points, int changes);
}
