using System.Diagnostics;
using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A test's body in a process of its own: this test assembly run with <c>dotnet</c>, its entry point (<see cref="Main"/>,
/// in place of the test SDK's empty one) running the body named. For a measure of the whole process (its heap, its file
/// descriptors), which the tests running beside it in the test process would disturb. The body's assertions fail the
/// child; the test fails with the child's output.
/// </summary>
public static class OwnProcess
{
    /// <summary>The bodies that run in a process of their own, by the name of their test class.</summary>
    private static readonly Dictionary<string, Func<TextWriter, Task>> Bodies = new(StringComparer.Ordinal)
    {
        [nameof(SoakTests)] = SoakTests.SoakAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args is not [var name] || !Bodies.TryGetValue(name, out var body))
        {
            await Console.Error.WriteLineAsync($"usage: dotnet SmsBuyz.Analytics.Tests.dll {string.Join('|', Bodies.Keys)}");
            return 2;
        }
        try
        {
            await body(Console.Out);
            return 0;
        }
        catch (Exception e)
        {
            await Console.Out.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    /// <summary>Runs the body of <paramref name="name"/> in a child process: its exit code, and its output (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(OwnProcess).Assembly.Location);
        start.ArgumentList.Add(name);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await child.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} in its own process did not end within {timeout}");
        }
        return (child.ExitCode, await stdout + await stderr);
    }
}
