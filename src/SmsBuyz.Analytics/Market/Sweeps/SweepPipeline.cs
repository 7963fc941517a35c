using System.Collections.Concurrent;
using System.Data.Common;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Market.Sweeps;

/// <summary>
/// A sweep while it runs, as its parts see it: the row they write under, the provider they asked (whose market they
/// write), and the counts they add to.
/// </summary>
public sealed record RunningSweep(long Id, ProviderRef Provider, SweepCounts Counts);

/// <summary>One request of a sweep, named by its target, and what is done with its answer.</summary>
/// <param name="Run">Reads and stores; returns what it could not read of an answer it read (malformed entries), or throws.</param>
public sealed record SweepPart(string Target, Func<RunningSweep, CancellationToken, Task<IReadOnlyList<string>>> Run);

/// <summary>
/// The one path from API answers to the store, for a scheduled sweep (<see cref="SweepRunner"/>) and a rule's watch
/// poll alike: the sweep's row is started, every part runs at once (the shared rate limiter, <c>SmsBuyz:RequestsPerSecond</c>,
/// is the only bound, so the requests in flight follow the round trip instead of a fixed number), each part succeeds or
/// fails on its own and every failure is stored with the sweep, the counts are saved as parts end (<see cref="SweepProgress"/>), and the row is
/// finished with them, even when cancelled: it says how far the sweep got. Every sweep asks one provider, and its row
/// says which.
/// </summary>
public sealed class SweepPipeline(SweepStore sweeps, Database db, TimeProvider time)
{
    /// <param name="asked">Whom the parts ask.</param>
    /// <param name="plan">What the sweep asks for, as its row records it.</param>
    /// <param name="ended">Told the summary when the sweep ends, also when it was cancelled.</param>
    public async Task<SweepSummary> RunAsync(ProviderConnection asked, string kind, string plan, IReadOnlyList<SweepPart> parts,
        Action<SweepSummary>? ended, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var stages = SweepStages.Begin();
        var provider = await asked.Identities.ProviderAsync(ct);
        long sweepId;
        using (SweepStages.Time(SweepStage.Write))
            sweepId = await sweeps.StartAsync(kind, plan, provider.Id, ct);
        var sweep = new RunningSweep(sweepId, provider, new SweepCounts());
        var failures = new ConcurrentQueue<SweepFailure>();
        var requests = RequestCounter.Begin();
        var progress = new SweepProgress(sweeps, sweep, () => requests.Value);
        var cancelled = true; // until every part has run: only cancellation escapes RunPartAsync
        SweepSummary summary;
        try
        {
            await Task.WhenAll(parts.Select(async part =>
            {
                await RunPartAsync(asked, sweep, part, failures, ct);
                await progress.SaveAsync(ct);
            }));
            cancelled = false;
        }
        finally
        {
            sweep.Counts.AddRequests(requests.Value);
            using (SweepStages.Time(SweepStage.Write))
                await sweeps.FinishAsync(sweep.Id, sweep.Counts, CancellationToken.None);
            var counts = sweep.Counts;
            summary = new SweepSummary(sweep.Id, kind, counts.Requests, counts.Points, counts.Changes, counts.Errors,
                time.GetElapsedTime(started), [.. failures], parts.Count, cancelled) { Stages = stages.Read(), Asked = asked };
            ended?.Invoke(summary);
        }
        return summary;
    }

    private async Task RunPartAsync(ProviderConnection asked, RunningSweep sweep, SweepPart part, ConcurrentQueue<SweepFailure> failures, CancellationToken ct)
    {
        try
        {
            foreach (var problem in await part.Run(sweep, ct))
                await FailAsync(sweep, new SweepFailure(part.Target, SweepErrorKind.Malformed, problem,
                    "answers held entries that could not be read — the sweep's sweep_error rows have them"), failures);
        }
        catch (SmsBuyzApiException ex)
        {
            await FailAsync(sweep, new SweepFailure(part.Target, SweepErrorKind.Of(ex.Kind), ex.Message, ApiFailureHint.For(ex, asked.Options.BaseUri.Host, asked.Setting)), failures);
        }
        catch (DbException ex)
        {
            // "database or disk is full" and "database is locked" say nothing of which file: name it.
            var message = $"database {db.Describe}: {ex.Message}";
            await FailAsync(sweep, new SweepFailure(part.Target, SweepErrorKind.Database, message, $"{message} — check disk space, permissions and Storage:MaxSizeMegabytes"), failures);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailAsync(sweep, new SweepFailure(part.Target, SweepErrorKind.Unexpected(ex), ex.Message), failures);
        }
    }

    private async Task FailAsync(RunningSweep sweep, SweepFailure failure, ConcurrentQueue<SweepFailure> failures)
    {
        sweep.Counts.AddError();
        failures.Enqueue(failure);
        await sweeps.RecordErrorAsync(sweep.Id, failure.Target, failure.Kind, failure.Message, CancellationToken.None);
    }
}
