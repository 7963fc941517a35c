using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>snapshot</c>: one sweep of everything configured, then a one-line summary.</summary>
public static class SnapshotCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("snapshot",
            "One sweep now, at every configured provider: guest products and prices for the configured market and, with an API key, profile, orders and payments. Exit 0 = all parts succeeded, 1 = some failed (listed), 2 = bad configuration.");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => RunAsync(services, stdout, stderr, token), ct, Quiet));
        return command;
    }

    /// <summary>
    /// The summary is this command's output, on stdout; the worker's diary line for each sweep (SweepLog, Information)
    /// would say it again on stderr. Its warnings (failures grouped by kind, with a hint) still come.
    /// </summary>
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        [$"Logging:LogLevel:{typeof(SweepLog).FullName}"] = nameof(Microsoft.Extensions.Logging.LogLevel.Warning),
    };

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var providers = services.GetRequiredService<ProviderSet>();
        if (!providers.HasApiKey)
            await stderr.WriteLineAsync("note: no SmsBuyz:ApiKey set, so only guest endpoints are swept (no profile, orders or payments)");

        var summaries = await services.GetRequiredService<SweepRunner>().RunAsync(SweepKind.Snapshot, SweepParts.All, ct);
        foreach (var summary in summaries)
        {
            await stdout.WriteLineAsync(summary.ToString()); // with several providers, "snapshot at 5sim #12: ..."
            foreach (var failure in summary.Failures)
                await stdout.WriteLineAsync($"  failed {failure.Target} ({failure.Kind}): {failure.Message}");
        }
        return summaries.All(s => s.Succeeded) ? ExitCodes.Ok : ExitCodes.PartialFailure;
    }
}
