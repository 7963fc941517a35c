using System.CommandLine;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>run</c> (also the default with no command): the long-running worker.</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("run",
            "Run the worker until Ctrl+C/SIGTERM: the recurring jobs of the Schedules section (products, prices, account, reports, maintenance) and the Hangfire dashboard.");
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(GlobalOptions.Config), stderr, ct));
        return command;
    }

    /// <summary>The root command's action: no command means <c>run</c>.</summary>
    public static void UseAsDefault(Command root, TextWriter stdout, TextWriter stderr) =>
        root.SetAction((parse, ct) => RunAsync(parse.GetValue(GlobalOptions.Config), stderr, ct));

    public static Task<int> RunAsync(string? configFile, TextWriter stderr, CancellationToken ct,
        IDictionary<string, string?>? overrides = null) =>
        CommandRunner.RunAsync(configFile, stderr, async (services, token) =>
        {
            try
            {
                await WorkerRunner.RunAsync(services, token);
                return ExitCodes.Ok;
            }
            catch (WorkerAlreadyRunningException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
        }, ct, overrides, watchConfig: true);
}
