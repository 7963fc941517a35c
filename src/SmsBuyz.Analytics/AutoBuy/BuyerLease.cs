using Microsoft.Extensions.Logging;
using Npgsql;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// One buyer's term: the lease session that <see cref="IntentStore"/> checks before it reserves or marks an intent
/// Sent (fencing), and a token cancelled when the term ends, which cuts the buyer's current step short.
/// </summary>
public sealed record BuyerTerm(int Pid, DateTime BackendStart, CancellationToken Lost);

/// <summary>
/// Exactly one active buyer among the workers that share a PostgreSQL database: the one whose lease session holds the
/// advisory lock (1397576514, <see cref="WriteLock.Buyer"/>). Only it steps the <see cref="AutoBuyEngine"/> (buy rules,
/// Notify alerts, order tracking). The lease (<see cref="SessionLease"/>) has a connection of its own, outside the pool, with keepalives: a killed
/// worker's lock is released at once, a silent machine's in about 11 s. Followers try to take it every
/// <see cref="FollowerRetry"/>; the holder checks its session every <see cref="HolderCheck"/> and steps down at the
/// first failure (within about 3 s, long before the server would hand the lock to another). A worker that becomes the
/// buyer starts as a restarted process does: never-sent intents failed, orders read, unknown buys reconciled, all
/// before any buy. On SQLite there is nothing to share: the lease is always held and nothing is fenced.
/// </summary>
public sealed partial class BuyerLease(Database db, TimeProvider time, ILogger<BuyerLease> logger) : IAsyncDisposable
{
    public static readonly TimeSpan FollowerRetry = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HolderCheck = TimeSpan.FromSeconds(1);

    /// <summary>How long the holder's check may take before the holder gives the lease up.</summary>
    private const int CheckTimeoutSeconds = 2;

    /// <summary>Null where no other worker shares the database: then the lease is always held.</summary>
    private readonly SessionLease? _session = db.Lease("buyer", WriteLock.Buyer);
    private CancellationTokenSource? _termEnd;
    private BuyerTerm? _term;
    private bool _toldFollower;

    /// <summary>The current term while this worker is the buyer among workers that share the database; null otherwise (and always on SQLite).</summary>
    public BuyerTerm? Term => Volatile.Read(ref _term);

    /// <summary>Whether this worker may buy now: always on SQLite, while it holds the lease on PostgreSQL.</summary>
    public bool IsHeld => AlwaysHeld || Term is not null;

    /// <summary>With no other worker on the database (SQLite), the lease is always held and there is no term.</summary>
    public bool AlwaysHeld => _session is null;

    /// <summary>Keeps or seeks the lease until <paramref name="ct"/> ends, then gives it up. Returns at once when it is always held.</summary>
    public async Task KeepAsync(CancellationToken ct)
    {
        if (AlwaysHeld)
            return;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await RenewAsync(ct);
                await Task.Delay(Term is null ? FollowerRetry : HolderCheck, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await EndTermAsync(reason: null);
        }
    }

    /// <summary>One round: the holder checks that its session lives; a follower tries to take the lease.</summary>
    /// <returns>Whether this worker is the buyer after the round.</returns>
    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        if (_session is null)
            return true;
        if (Term is not null)
        {
            var failure = await _session.CheckAsync(CheckTimeoutSeconds, ct);
            if (failure is null)
                return true;
            await EndTermAsync(failure);
            return false;
        }
        return await TryTakeAsync(_session, ct);
    }

    private async Task<bool> TryTakeAsync(SessionLease session, CancellationToken ct)
    {
        try
        {
            if (await session.TryTakeAsync(ct) is not { } holder)
            {
                if (!_toldFollower)
                    LogFollower();
                _toldFollower = true;
                return false;
            }
            _termEnd = new CancellationTokenSource();
            Volatile.Write(ref _term, new BuyerTerm(holder.Pid, holder.BackendStart, _termEnd.Token));
            _toldFollower = false;
            LogBuyer(holder.Pid);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The database cannot be reached: no buyer here; the next round opens a new session.
            LogUnreachable(ex.Message);
            await session.DropAsync();
            return false;
        }
    }

    /// <summary>Steps down: the current step is cancelled and the session closed, which releases the lock if the server still holds it.</summary>
    private async Task EndTermAsync(string? reason)
    {
        var term = Interlocked.Exchange(ref _term, null);
        if (term is not null)
        {
            await _termEnd!.CancelAsync();
            _termEnd.Dispose();
            _termEnd = null;
            if (reason is not null)
                LogLost(reason);
        }
        if (_session is not null)
            await _session.DropAsync();
    }

    public async ValueTask DisposeAsync() => await EndTermAsync(reason: null);

    /// <summary>
    /// Which process buys now, as its lease session names itself (<c>smsbuyz-buyer pid N on HOST</c>), and since when;
    /// null when no worker holds the lease. Asked only where workers share the database (<see cref="AlwaysHeld"/> false):
    /// otherwise the one worker of the database buys.
    /// </summary>
    public async Task<(string Name, DateTime Since)?> HolderAsync(CancellationToken ct) =>
        _session is null ? null : await _session.HolderAsync(ct);

    [LoggerMessage(LogLevel.Information, "Auto-buy: this worker is the buyer now (lease session pid {Pid}); it settles what was left open before any buy")]
    private partial void LogBuyer(int pid);

    [LoggerMessage(LogLevel.Information, "Auto-buy: another worker is the buyer; this one takes over within seconds if that one stops")]
    private partial void LogFollower();

    [LoggerMessage(LogLevel.Warning, "Auto-buy: this worker lost the buyer lease ({Reason}); it stops buying at once and takes over again only when the lease is free")]
    private partial void LogLost(string reason);

    [LoggerMessage(LogLevel.Debug, "Auto-buy: the buyer lease could not be sought ({Message}); trying again")]
    private partial void LogUnreachable(string message);
}
