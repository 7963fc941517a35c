using Dapper;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Snapshots;

/// <summary>Every sweep is a row (what was asked, counts) and each of its failures a <c>sweep_error</c> row.</summary>
public sealed class SweepStore(SqliteConnectionFactory connections, TimeProvider time, InterruptedSweeps interrupted)
{
    public async Task<long> StartAsync(string kind, string plan, CancellationToken ct)
    {
        await interrupted.EnsureAsync(ct);
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO sweep (kind, plan, started_at) VALUES (@kind, @plan, @at) RETURNING id
            """, new { kind, plan, at = UnixMs.From(time.GetUtcNow()) });
    }

    public async Task RecordErrorAsync(long sweepId, string target, string kind, string message, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (@sweepId, @at, @target, @kind, @message)
            """, new { sweepId, at = UnixMs.From(time.GetUtcNow()), target, kind, message });
    }

    /// <summary>The counts so far, after each part: a sweep whose process is killed is closed later with them.</summary>
    public async Task SaveProgressAsync(long sweepId, SweepCounts counts, int requests, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE sweep SET requests = @requests, points = @Points, changes = @Changes, errors = @Errors WHERE id = @sweepId
            """, new { sweepId, requests, counts.Points, counts.Changes, counts.Errors });
    }

    public async Task FinishAsync(long sweepId, SweepCounts counts, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE sweep SET finished_at = @at, requests = @Requests, points = @Points, changes = @Changes, errors = @Errors
            WHERE id = @sweepId
            """, new { sweepId, at = UnixMs.From(time.GetUtcNow()), counts.Requests, counts.Points, counts.Changes, counts.Errors });
    }
}

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
