using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>
/// Steps the <see cref="AutoBuyEngine"/> every second while the worker runs. A step that fails is logged and the
/// next one starts over from the database, so a bad moment of the API or the disk never ends the loop.
/// </summary>
public sealed partial class AutoBuyService(AutoBuyEngine engine, TimeProvider time, ILogger<AutoBuyService> logger) : BackgroundService
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? lastFailure = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.StepAsync(stoppingToken);
                lastFailure = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A lasting failure (disk full, an edited AutoBuy section that fails validation) is logged once, not every second.
                var failure = $"{ex.GetType().Name}: {ex.Message}";
                if (failure != lastFailure)
                    LogStepFailed(failure);
                lastFailure = failure;
            }
            try
            {
                await Task.Delay(Step, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Auto-buy step failed ({Failure}); the next steps retry, and this is logged again only when it changes")]
    private partial void LogStepFailed(string failure);
}
