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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.StepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogStepFailed(ex.GetType().Name, ex.Message);
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

    [LoggerMessage(LogLevel.Error, "Auto-buy step failed ({Type}): {Message}; the next step retries")]
    private partial void LogStepFailed(string type, string message);
}
