namespace SmsBuyz.Analytics.Market;

/// <summary>One answer waiting for <see cref="MarketStore"/>'s next group commit.</summary>
internal sealed class PendingWrite(long provider, long sweepId, long observedAt, ScopedPoints answer)
{
    private const int Queued = 0, Taken = 1, Withdrawn = 2;
    private readonly TaskCompletionSource<MarketWriteResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public long Provider => provider;
    public long SweepId => sweepId;
    public long ObservedAt => observedAt;
    public ScopedPoints Answer => answer;
    public Task<MarketWriteResult> Result => _result.Task;

    /// <summary>A writer claims the answer; false when its caller withdrew it.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>The caller gives up waiting; false when a writer has it already (its result is then awaited).</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;

    public void Complete(MarketWriteResult result) => _result.TrySetResult(result);

    public void Fail(Exception ex) => _result.TrySetException(ex);
}
