using Dapper;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// Every sweep is a row (what was asked, counts) and each of its failures a <c>sweep_error</c> row. A running sweep
/// carries its process's sign of life (<see cref="Presence"/>, <see cref="InterruptedSweeps.Rows"/>) from before its row
/// is visible until it is finished: what tells <see cref="InterruptedSweeps"/> of another process that it still runs.
/// </summary>
public sealed class SweepStore(Database db, Presence presence, TimeProvider time, InterruptedSweeps interrupted)
{
    /// <param name="kind">A <see cref="SweepKind"/>.</param>
    public async Task<long> StartAsync(string kind, string plan, CancellationToken ct)
    {
        await interrupted.EnsureAsync(ct);
        return await presence.InsertTakenAsync(InterruptedSweeps.Rows,
            "INSERT INTO sweep (kind, plan, started_at) VALUES (@kind, @plan, @at) RETURNING id",
            new { kind, plan, at = UnixMs.From(time.GetUtcNow()) }, ct);
    }

    /// <param name="kind">A <see cref="SweepErrorKind"/>.</param>
    public async Task RecordErrorAsync(long sweepId, string target, string kind, string message, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (@sweepId, @at, @target, @kind, @message)
            """, new { sweepId, at = UnixMs.From(time.GetUtcNow()), target, kind, message });
    }

    /// <summary>The latest sweep of each kind, and the sweeps closed as interrupted since <paramref name="since"/>.</summary>
    public async Task<(IReadOnlyList<SweepRow> Latest, IReadOnlyList<SweepRow> Interrupted)> RecentAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        const string Columns = $"""
            s.id AS Id, s.kind AS Kind, s.started_at AS StartedAt, s.finished_at AS FinishedAt, s.requests AS Requests,
            s.points AS Points, s.changes AS Changes, s.errors AS Errors,
            EXISTS (SELECT 1 FROM sweep_error e WHERE e.sweep_id = s.id AND e.kind = '{SweepErrorKind.Interrupted}') AS Interrupted
            """;
        var latest = await connection.QueryAsync<SweepRow>($"""
            SELECT {Columns} FROM sweep s WHERE s.id IN (SELECT max(id) FROM sweep GROUP BY kind) ORDER BY s.kind
            """);
        var interrupted = await connection.QueryAsync<SweepRow>($"""
            SELECT {Columns} FROM sweep s
            WHERE s.id IN (SELECT sweep_id FROM sweep_error WHERE kind = '{SweepErrorKind.Interrupted}' AND at >= @since) ORDER BY s.id DESC
            """, new { since = UnixMs.From(since) });
        return ([.. latest], [.. interrupted]);
    }

    /// <summary>
    /// The failures of the given sweeps grouped by kind: how many, and the latest one's target and message (a sweep
    /// without network fails every request alike, so one line per kind says it).
    /// </summary>
    public async Task<IReadOnlyList<SweepErrorGroup>> ErrorsAsync(IReadOnlyCollection<long> sweepIds, CancellationToken ct)
    {
        if (sweepIds.Count == 0)
            return [];
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SweepErrorGroup>(new CommandDefinition(db.Sql(
            sqlite: Errors("IN @ids"), postgreSql: Errors("= ANY(@ids)")), new { ids = sweepIds.ToArray() }, cancellationToken: ct));
        return [.. rows];
    }

    private static string Errors(string inIds) => $"""
        SELECT g.sweep_id AS SweepId, g.kind AS Kind, g.n AS Count, e.target AS Target, e.message AS Message, e.at AS At
        FROM (SELECT sweep_id, kind, count(*) AS n, max(id) AS last FROM sweep_error WHERE sweep_id {inIds} GROUP BY sweep_id, kind) g
        JOIN sweep_error e ON e.id = g.last
        ORDER BY g.sweep_id, g.n DESC, g.kind
        """;

    /// <summary>
    /// The counts so far, after each part: a sweep whose process is killed is closed later with them. A row already
    /// closed as interrupted (its worker lost its presence session meanwhile) stays as it was closed.
    /// </summary>
    public async Task SaveProgressAsync(long sweepId, SweepCounts counts, int requests, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE sweep SET requests = @requests, points = @Points, changes = @Changes, errors = @Errors
            WHERE id = @sweepId AND finished_at IS NULL
            """, new { sweepId, requests, counts.Points, counts.Changes, counts.Errors });
    }

    /// <summary>
    /// The row closed with its final counts, then its sign of life given up, also when closing failed: held on, it would
    /// keep the row open until this process ends, since no live process may close a row that shows one. Given up, the
    /// next sweep of any process closes it as interrupted, with the counts it saved last.
    /// </summary>
    public async Task FinishAsync(long sweepId, SweepCounts counts, CancellationToken ct)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteAsync("""
                UPDATE sweep SET finished_at = @at, requests = @Requests, points = @Points, changes = @Changes, errors = @Errors
                WHERE id = @sweepId AND finished_at IS NULL
                """, new { sweepId, at = UnixMs.From(time.GetUtcNow()), counts.Requests, counts.Points, counts.Changes, counts.Errors });
        }
        finally
        {
            await presence.ReleaseAsync(InterruptedSweeps.Rows.Key(sweepId));
        }
    }
}

/// <summary>A sweep as <c>status</c> shows it. Settable properties: Dapper cannot match a constructor to an EXISTS column.</summary>
public sealed class SweepRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public long StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long Requests { get; set; }
    public long Points { get; set; }
    public long Changes { get; set; }
    public long Errors { get; set; }
    public bool Interrupted { get; set; }

    public string Outcome => Interrupted ? "interrupted" : FinishedAt is null ? "running" : Errors == 0 ? "ok" : $"{Errors} errors";

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Kind} #{Id} {Outcome}, started {UnixMs.To(StartedAt):u}: {Requests} requests, {Points} points, {Changes} changes, {Errors} errors");
}

/// <summary>A sweep's failures of one kind: how many, and the latest one's target, message and time (Unix ms).</summary>
public sealed record SweepErrorGroup(long SweepId, string Kind, long Count, string Target, string Message, long At);

/// <summary>A sweep's tallies, added to from concurrent fetches.</summary>
public sealed class SweepCounts
{
    private int _requests, _points, _changes, _errors;

    public int Requests => _requests;
    public int Points => _points;
    public int Changes => _changes;
    public int Errors => _errors;

    public void AddRequests(int n) => Interlocked.Add(ref _requests, n);
    public void AddPoints(int n) => Interlocked.Add(ref _points, n);
    public void AddChanges(int n) => Interlocked.Add(ref _changes, n);
    public void AddError() => Interlocked.Increment(ref _errors);
}
