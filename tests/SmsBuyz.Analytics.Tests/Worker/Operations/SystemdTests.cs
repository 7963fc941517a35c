using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Tests.Reliability;

namespace SmsBuyz.Analytics.Tests.Worker.Operations;

/// <summary>
/// <c>run</c> as a <c>Type=notify</c> systemd service: started with <c>NOTIFY_SOCKET</c> pointing at a datagram socket
/// this test reads, by a parent process named <c>systemd</c> (how the app tells it was started by systemd), stopped with
/// SIGTERM as <c>systemctl stop</c> does.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class SystemdTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TempFolder folder = new();

    [LinuxFact, SupportedOSPlatform("linux")]
    public async Task Run_UnderSystemd_NotifiesReadyThenStoppingOnSigtermAndExitsCleanly()
    {
        var socketPath = Path.Combine(folder.Path, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        // A shell under the name "systemd": what the app's parent is called is what UseSystemd checks.
        var systemd = Path.Combine(folder.Path, "systemd");
        File.Copy("/bin/sh", systemd);
        File.SetUnixFileMode(systemd, (UnixFileMode)0b111_101_101);
        var start = new ProcessStartInfo(systemd) { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        // "; exit $?" keeps the shell from exec-ing dotnet in its own place: the app's parent stays "systemd".
        foreach (var arg in new[] { "-c", "dotnet \"$0\" run --config \"$1\"; exit $?", AppProcess.DllPath, WriteConfig() })
            start.ArgumentList.Add(arg);
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var shell = Process.Start(start)!;
        var stderr = shell.StandardError.ReadToEndAsync();
        try
        {
            var ready = await ReceiveAsync(notify);
            await SignalAppAsync(shell.Id, "TERM");
            var stopping = await ReceiveAsync(notify);
            using var exit = new CancellationTokenSource(Deadline);
            await shell.WaitForExitAsync(exit.Token);

            Assert.Equal("READY=1", ready);
            Assert.Equal("STOPPING=1", stopping);
            Assert.Equal(0, shell.ExitCode);
            // journald's level prefixes (<6> information, <4> warning) instead of the console's colours and timestamps.
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.Matches("^<[0-7]>", l));
        }
        finally
        {
            if (!shell.HasExited)
                shell.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Deadline);
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }

    /// <summary>SIGTERM to the app, the shell's child, as systemd sends it to the service's main process.</summary>
    private static async Task SignalAppAsync(int shellPid, string signal)
    {
        var app = File.ReadAllText($"/proc/{shellPid}/task/{shellPid}/children").Trim();
        Assert.False(string.IsNullOrEmpty(app), "the app is not running under the shell");
        using var kill = Process.Start("kill", ["-" + signal, app])!;
        await kill.WaitForExitAsync();
    }

    private string WriteConfig()
    {
        var path = Path.Combine(folder.Path, "settings.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            SmsBuyz = new { BaseUrl = "http://127.0.0.1:9/v1" },
            Storage = new { Database = Path.Combine(folder.Path, "app.db") },
            Hangfire = new { Database = Path.Combine(folder.Path, "hangfire.db") },
            Dashboard = new { Enabled = false },
            Schedules = new { SweepOnStart = false },
        }));
        return path;
    }

    public void Dispose() => folder.Dispose();
}
