using Microsoft.Extensions.Logging;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market;

/// <summary>
/// Checkpoints the WAL beside the market writers (<see cref="Database.CheckpointAsync"/>), one at a time, so that no
/// writer copies it into the file inside its commit while the next answers wait. A write asks for one after its commit;
/// asked for while one runs, another follows it a second later: the pages every commit rewrites (upper B-tree pages,
/// the version row) are then copied once a second, not once a commit, as SQLite's own limit of 8,192 pages did. A failed
/// checkpoint leaves the WAL as it was, to the next one (and to SQLite's own checkpoints in other connections' commits).
/// </summary>
internal sealed partial class CheckpointsBeside(Database db, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private bool _running, _again, _disposed, _failing;

    public void Request()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            if (_running)
            {
                _again = true;
                return;
            }
            _running = true;
            _loop = Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await CheckpointAsync();
                lock (_gate)
                {
                    if (!_again || _disposed)
                    {
                        _running = false;
                        return;
                    }
                    _again = false;
                }
                // Real time, not the app's clock: this spaces out disk work.
                await Task.Delay(Pause, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed during the pause: the process is stopping, and closing the last connection checkpoints anyway.
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            // Not cancelled: one under way finishes, and it blocks no writer.
            await db.CheckpointAsync(CancellationToken.None);
            if (_failing)
                LogRecovered(logger);
            _failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_failing)
                LogFailed(logger, ex.Message);
            else
                LogStillFailing(logger, ex.Message);
            _failing = true;
        }
    }

    /// <summary>Waits for a checkpoint under way; none starts after.</summary>
    public void Dispose()
    {
        Task loop;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            loop = _loop;
        }
        _stop.Cancel();
        loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "WAL checkpoint failed: {Reason}. The WAL file grows until one succeeds; check the disk holding Storage:Database")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Debug, "WAL checkpoint failed again: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "WAL checkpoint succeeded again")]
    private static partial void LogRecovered(ILogger logger);
}
