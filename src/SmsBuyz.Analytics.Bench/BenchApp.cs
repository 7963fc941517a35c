using System.CommandLine;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// The bench's command line, one subcommand per measurement: run from the repository
/// (<c>dotnet run -c Release --project src/SmsBuyz.Analytics.Bench -- sweep</c>), never shipped in the installed tool.
/// It runs in the app's host (settings, <c>--config</c>, exit codes) on synthetic data.
/// </summary>
public static class BenchApp
{
    public static RootCommand Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("SmsBuyz.Analytics bench: measure performance on synthetic data (prints the machine with the figures).");
        root.Options.Add(GlobalOptions.Config);
        root.Subcommands.Add(BenchIngestCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchQueryCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchSoakCommand.Create(stdout, stderr));
        root.Subcommands.Add(BenchSweepCommand.Create(stdout, stderr));
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        CliApp.RunAsync(Create(stdout, stderr), args, stdout, stderr, ct);
}
