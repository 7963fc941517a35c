using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// Records a non-sweep job run (reports, maintenance) as a <c>sweep</c> row of its own kind, with its failure
/// if it fails, so every job run shows up in our database as the sweeps do.
/// </summary>
public sealed class JobRunLog(SweepStore sweeps)
{
    public async Task RunAsync(string kind, Func<CancellationToken, Task> run, CancellationToken ct)
    {
        var id = await sweeps.StartAsync(kind, $"{kind} job", provider: null, ct);
        var counts = new SweepCounts();
        try
        {
            await run(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            counts.AddError();
            await sweeps.RecordErrorAsync(id, kind, SweepErrorKind.Unexpected(ex), ex.Message, CancellationToken.None);
            throw;
        }
        finally
        {
            await sweeps.FinishAsync(id, counts, CancellationToken.None);
        }
    }
}
