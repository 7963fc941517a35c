using System.CommandLine;
using System.CommandLine.Help;

namespace SmsBuyz.Analytics.Cli;

/// <summary>The command line: every command, and how parse errors exit (code 2, with the reason).</summary>
public static class CliApp
{
    /// <summary>What help calls the app: the installed tool's command (<c>dotnet tool install</c>).</summary>
    public const string Name = "smsbuyz-analytics";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        // Not a RootCommand: its name is the running file's (SmsBuyz.Analytics, as the tool's shim runs the DLL) and
        // cannot be changed, so help would show a name nobody types. Help and --version are what it would add.
        var root = new Command(Name, "Price and stock history, auto-buy and reports for the SmsBuyz SMS-activation API.")
        {
            new HelpOption(), new VersionOption(),
        };
        root.Options.Add(GlobalOptions.Config);
        root.Subcommands.Add(SnapshotCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExportCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(SandboxCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(DemoCommand.Create(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Create(stdout, stderr));
        root.Subcommands.Add(StatusCommand.Create(stdout, stderr));
        root.Subcommands.Add(OrdersCommand.Create(stdout, stderr));
        root.Subcommands.Add(CopyCommand.Create(stdout, stderr));
        foreach (var manual in ManualCommands.Create(stdout, stderr))
            root.Subcommands.Add(manual);
        RunCommand.UseAsDefault(root, stdout, stderr);
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        RunAsync(Create(stdout, stderr), args, stdout, stderr, ct);

    /// <summary>Runs <paramref name="root"/>: this app's commands, or the bench's (its own project), which exit the same way.</summary>
    public static async Task<int> RunAsync(Command root, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await stderr.WriteLineAsync($"error: {error.Message}");
            await stderr.WriteLineAsync("Run with --help to see the commands and their options.");
            return ExitCodes.BadConfiguration;
        }
        // The worker needs more than the default 2 s after Ctrl+C/SIGTERM to close its sweeps and stop Hangfire.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, ct);
    }
}
