using System.Data.Common;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// Saves a running sweep's counts after its parts, one save at a time: a part that ends while a save runs leaves its
/// counts to the save that follows it, so 201 parts ending within a second cost a few saves, not 201. Each save waits
/// for the database's write lock, which a market write holds for most of a large sweep (and Microsoft.Data.Sqlite
/// waits for a busy lock by sleeping a thread), so one save per part made the parts queue behind their own records.
/// The row is only for a sweep whose process is killed (<see cref="InterruptedSweeps"/>); the finished row has the
/// final counts.
/// </summary>
internal sealed class SweepProgress(SweepStore sweeps, RunningSweep sweep, Func<int> requests)
{
    private int _asked; // 0: no save runs; 1: one runs; more: parts ended while it ran, so it saves once more

    /// <summary>Saves the counts now, or has the save that runs save them again once it ends.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref _asked) > 1)
            return;
        try
        {
            do
            {
                Interlocked.Exchange(ref _asked, 1); // the counts are read after this: whoever asked before is in them
                await SaveOnceAsync(ct);
            }
            while (Interlocked.CompareExchange(ref _asked, 0, 1) != 1);
        }
        catch
        {
            Interlocked.Exchange(ref _asked, 0); // cancelled: the finished row has the counts
            throw;
        }
    }

    private async Task SaveOnceAsync(CancellationToken ct)
    {
        try
        {
            using var writing = SweepStages.Time(SweepStage.Write);
            await sweeps.SaveProgressAsync(sweep.Id, sweep.Counts, requests(), ct);
        }
        catch (DbException)
        {
            // Only for the record of a killed sweep; a database that refuses writes is reported by the parts themselves.
        }
    }
}
