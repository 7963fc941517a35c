using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Steps the <see cref="AutoBuyEngine"/> every second while the worker runs and is the buyer (<see cref="BuyerLease"/>:
/// always on SQLite; on PostgreSQL the one worker holding the lease). A step that fails is logged and the next one
/// starts over from the database, so a bad moment of the API or the disk never ends the loop. A worker that has just
/// become the buyer resets the engine first, so it settles what the previous buyer left open before any buy; a lost
/// lease cancels the step in progress.
/// </summary>
public sealed partial class AutoBuyService(AutoBuyEngine engine, BuyerLease lease, TimeProvider time, ILogger<AutoBuyService> logger) : BackgroundService
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keeper = lease.KeepAsync(stoppingToken);
        string? lastFailure = null;
        BuyerTerm? stepping = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // One read decides: a lease taken between two reads would step once unfenced and without the reset.
            var term = lease.Term;
            if (term is not null || lease.AlwaysHeld)
            {
                if (term is not null && !ReferenceEquals(term, stepping))
                    engine.Reset();
                stepping = term;
                using var step = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term?.Lost ?? CancellationToken.None);
                try
                {
                    await engine.StepAsync(term, step.Token);
                    lastFailure = null;
                }
                catch (OperationCanceledException) when (term?.Lost.IsCancellationRequested == true && !stoppingToken.IsCancellationRequested)
                {
                    // The lease was lost mid-step; the lease said so. Whatever the step began is settled by the next buyer.
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A lasting failure (disk full, an edited AutoBuy section that fails validation) is logged once, not every second.
                    var failure = $"{ex.GetType().Name}: {ex.Message}";
                    if (failure != lastFailure)
                        LogStepFailed(failure);
                    lastFailure = failure;
                }
            }
            try
            {
                await Task.Delay(Step, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await keeper;
    }

    [LoggerMessage(LogLevel.Error, "Auto-buy step failed ({Failure}); the next steps retry, and this is logged again only when it changes")]
    private partial void LogStepFailed(string failure);
}
