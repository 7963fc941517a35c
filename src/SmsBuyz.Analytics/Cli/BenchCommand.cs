using System.CommandLine;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>bench ...</c>: performance measurements on synthetic data; one subcommand per measurement.</summary>
public static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bench = new Command("bench", "Measure performance on synthetic data (prints the machine with the figures).");
        bench.Subcommands.Add(BenchIngestCommand.Create(stdout, stderr));
        bench.Subcommands.Add(BenchQueryCommand.Create(stdout, stderr));
        bench.Subcommands.Add(BenchSweepCommand.Create(stdout, stderr));
        return bench;
    }
}
