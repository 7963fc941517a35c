using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SmsBuyz.Analytics.Market;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Tests.Market;

/// <summary>
/// A checkpoint that fails (a full disk, a file made unreadable) is said once, at Warning with a hint, then quietly while
/// it keeps failing, and its recovery is said too; the writer that asked for it never sees it.
/// </summary>
public sealed class CheckpointFailureTests
{
    [Fact]
    public async Task Request_FailingThenRecovering_OneWarningThenDebugThenOneInformation()
    {
        var logs = new FakeLogCollector();
        var logger = new FakeLogger(logs);
        var db = new CheckpointingDatabase { Failure = new IOException("disk I/O error") };
        using var checkpoints = new CheckpointsBeside(db, logger);

        for (var i = 1; i <= 3; i++)
        {
            checkpoints.Request(); // the writer's call returns at once, failing or not
            await WaitAsync(() => db.Calls >= i);
            await WaitAsync(() => logs.Count >= i);
        }
        db.Failure = null;
        checkpoints.Request();
        await WaitAsync(() => logs.Count >= 4);

        var said = logs.GetSnapshot().Select(l => (l.Level, l.Message)).ToList();
        Assert.Equal(LogLevel.Warning, said[0].Level);
        Assert.Contains("disk I/O error", said[0].Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Database", said[0].Message, StringComparison.Ordinal);
        Assert.Equal([LogLevel.Debug, LogLevel.Debug, LogLevel.Information], said.Skip(1).Select(l => l.Level));
        Assert.Equal(4, db.Calls);
    }

    [Fact]
    public async Task Request_SucceedingThroughout_SaysNothing()
    {
        var logs = new FakeLogCollector();
        var db = new CheckpointingDatabase();
        using (var checkpoints = new CheckpointsBeside(db, new FakeLogger(logs)))
        {
            checkpoints.Request();
            await WaitAsync(() => db.Calls >= 1);
        }
        Assert.Empty(logs.GetSnapshot());
    }

    private static async Task WaitAsync(Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
            await Task.Delay(25);
        Assert.True(done(), "not within 5 s");
    }

    /// <summary>Only checkpoints, counted, failing while <see cref="Failure"/> is set.</summary>
    private sealed class CheckpointingDatabase : Database
    {
        private int _calls;

        public volatile Exception? Failure;
        public int Calls => Volatile.Read(ref _calls);

        public override Task CheckpointAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _calls);
            return Failure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
        }

        public override StorageProvider Provider => StorageProvider.Sqlite;
        public override string Describe => "checkpoints only";
        public override bool SharedByWorkers => false;
        public override bool PartitionedByMonth => false;
        public override bool ArrayParameters => false;
        public override Task<DbConnection> OpenAsync(CancellationToken ct) => throw new NotSupportedException();
        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteLock? writeLock, CancellationToken ct) => throw new NotSupportedException();
        public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) => throw new NotSupportedException();
        public override SessionLease Lease(string role, WriteLock key) => throw new NotSupportedException();
        public override Task PrepareLargeWriteAsync(DbConnection connection, CancellationToken ct) => throw new NotSupportedException();
        public override void LimitLockWait(DbConnection connection, int seconds) => throw new NotSupportedException();
        public override Task<long> SizeOnDiskAsync(CancellationToken ct) => throw new NotSupportedException();
        public override Task<long> StoredBytesAsync(CancellationToken ct) => throw new NotSupportedException();
    }
}
