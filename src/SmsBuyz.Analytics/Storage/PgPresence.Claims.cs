using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SmsBuyz.Analytics.Storage;

/// <summary>The claims of <see cref="Presence"/> as advisory locks: session locks on the presence connection, and transaction locks to find the gone.</summary>
public sealed partial class PgPresence
{
    public override Task<bool> TryTakeAsync(PresenceKey key, CancellationToken ct) => RunAsync(c => c.ExecuteScalarAsync<bool>(
        new CommandDefinition($"SELECT pg_try_advisory_lock({Lock(key)})", Args(key), cancellationToken: ct)), ct);

    /// <summary>Best effort: a presence session that broke meanwhile released the lock with itself.</summary>
    public override async Task ReleaseAsync(PresenceKey key)
    {
        try
        {
            await RunAsync(c => c.ExecuteScalarAsync<bool>($"SELECT pg_advisory_unlock({Lock(key)})", Args(key)), CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            LogReleaseFailed(key.Name ?? key.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        }
    }

    /// <summary>A standing lock's statement takes no arguments: it is run again, as it is, on a session opened again.</summary>
    public override Task<bool> HoldAsync(string what, PresenceKey key, bool withOthers, CancellationToken ct) =>
        HoldStandingAsync(what, $"SELECT pg_try_advisory_lock{(withOthers ? "_shared" : "")}({Literal(key)})", ct);

    /// <summary>The lock is taken before the row commits, on the presence session that keeps it.</summary>
    public override Task<long> InsertTakenAsync(OpenRows rows, string insert, object args, CancellationToken ct) => RunAsync(async c =>
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(insert, args, tx);
        var key = rows.Key(id);
        await c.ExecuteAsync($"SELECT pg_advisory_lock({Lock(key)})", Args(key), tx);
        await tx.CommitAsync(ct);
        return id;
    }, ct);

    /// <summary>
    /// Every time, since other workers live on while one dies: an open row whose lock can be taken has lost its process.
    /// A live one's lock is held by its process's presence session, this process's own included (this transaction's
    /// connection is another session); the transaction lock taken here keeps a second worker from closing the same row
    /// at once, and ends with the transaction.
    /// </summary>
    public override async Task<IReadOnlyList<T>> CloseGoneAsync<T>(OpenRows rows,
        Func<DbConnection, DbTransaction, IReadOnlyList<long>, Task<IReadOnlyList<T>>> close, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var gone = new List<long>();
        foreach (var id in await connection.QueryAsync<long>(new CommandDefinition(rows.OpenIds, transaction: tx, cancellationToken: ct)))
        {
            var key = rows.Key(id);
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT pg_try_advisory_xact_lock({Lock(key)})", Args(key), tx, cancellationToken: ct)))
                gone.Add(id);
        }
        if (gone.Count == 0)
            return [];
        var closed = await close(connection, tx, gone);
        await tx.CommitAsync(ct);
        return closed;
    }

    /// <summary>The two keys of an advisory lock: the class, then the number or the server's hash of the name.</summary>
    private static string Lock(PresenceKey key) => key.Name is null ? $"{key.Class}, @number" : $"{key.Class}, hashtext(@name)";

    private static string Literal(PresenceKey key) => key.Name is null
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key.Class}, {key.Number}")
        : $"{key.Class}, hashtext('{key.Name.Replace("'", "''", StringComparison.Ordinal)}')";

    private static object Args(PresenceKey key) => key.Name is null ? new { number = key.Number } : new { name = key.Name };

    [LoggerMessage(LogLevel.Debug, "The presence lock {Key} was not released ({Message}); the broken session released it")]
    private partial void LogReleaseFailed(string key, string message);
}
