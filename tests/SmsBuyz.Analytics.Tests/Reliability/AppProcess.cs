using System.Diagnostics;
using System.Text;

namespace SmsBuyz.Analytics.Tests.Reliability;

/// <summary>The app's own DLL run with <c>dotnet</c> as a child process, so a test can SIGKILL it or give it its own HOME.</summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private AppProcess(Process process) => _process = process;

    /// <summary>The clone the tests were built in: the folder of SmsBuyz.Analytics.sln and the shipped appsettings.json.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>src/SmsBuyz.Analytics/bin/&lt;the tests' configuration&gt;/net10.0/SmsBuyz.Analytics.dll.</summary>
    public static string DllPath { get; } = FindDll();

    /// <summary>src/SmsBuyz.Analytics/SmsBuyz.Analytics.csproj of this clone.</summary>
    public static string ProjectPath => Path.Combine(Path.GetDirectoryName(DllPath)!, "..", "..", "..", "SmsBuyz.Analytics.csproj");

    /// <summary>Debug or Release: the configuration the tests (and so the app under test) were built in.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>First argument: run the app as the unprivileged user "nobody".</summary>
    public const string AsNobody = "--as-nobody";

    public static AppProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // "--as-nobody": under setpriv as uid 65534, for whom file permissions hold (the tests run as root).
        var asNobody = args.Length > 0 && args[0] == AsNobody;
        var start = new ProcessStartInfo(asNobody ? "setpriv" : "dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (asNobody)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
                start.ArgumentList.Add(arg);
            args = args[1..];
        }
        start.ArgumentList.Add(asNobody ? CopyForNobody(workingDirectory) : DllPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var app = new AppProcess(new Process { StartInfo = start });
        app._process.OutputDataReceived += (_, e) => { lock (app._stdout) app._stdout.AppendLine(e.Data); };
        app._process.ErrorDataReceived += (_, e) => { lock (app._stderr) app._stderr.AppendLine(e.Data); };
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory,
        IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var app = Start(workingDirectory, environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app._process.WaitForExitAsync(timeout.Token);
        app._process.WaitForExit(); // drains the redirected output
        return (app._process.ExitCode, app.Stdout, app.Stderr);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The app's process id (<c>dotnet app.dll</c> runs the app in the dotnet process itself).</summary>
    public int Id => _process.Id;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>SIGKILL: no handler runs, no finally block, no flush — the crash a power cut or the OOM killer causes.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C stops the worker, then its exit code once it has stopped.</summary>
    public async Task<int> StopAsync(TimeSpan within)
    {
        using (var term = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGSTOP, or SIGCONT when <paramref name="paused"/> is false: the process holds its connections but does nothing.</summary>
    public void Pause(bool paused = true)
    {
        using var kill = Process.Start("kill", [paused ? "-STOP" : "-CONT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Pause(paused: false);
            Kill();
        }
        _process.Dispose();
    }

    /// <summary>
    /// The app's build output copied into <paramref name="workingDirectory"/> (which "nobody" must be able to enter
    /// anyway, and which the test deletes): the clone itself may sit in a folder only its owner can enter (a home
    /// directory, or <c>mktemp -d</c> as CI makes), from which "nobody" cannot run anything. Only the files this
    /// platform loads are copied (the other runtimes' native libraries are most of the output).
    /// </summary>
    private static string CopyForNobody(string workingDirectory)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("running as nobody needs Linux (setpriv)");
        var source = Path.GetDirectoryName(DllPath)!;
        var target = Path.Combine(workingDirectory, "app-for-nobody");
        var dll = Path.Combine(target, Path.GetFileName(DllPath));
        if (File.Exists(dll))
            return dll;
        var files = Directory.GetFiles(source).Concat(
            new[] { "unix", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier }
                .Select(runtime => Path.Combine(source, "runtimes", runtime))
                .Where(Directory.Exists)
                .SelectMany(folder => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)));
        foreach (var file in files)
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        foreach (var dir in Directory.GetDirectories(target, "*", SearchOption.AllDirectories).Append(target))
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        return dll;
    }

    private static string FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SmsBuyz.Analytics.sln")))
            root = root.Parent;
        return root?.FullName ?? throw new DirectoryNotFoundException($"no SmsBuyz.Analytics.sln above {AppContext.BaseDirectory}");
    }

    private static string FindDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name; // .../bin/<Debug|Release>/net10.0
        var dll = Path.Combine(RepositoryRoot, "src", "SmsBuyz.Analytics", "bin", configuration, testBin.Name, "SmsBuyz.Analytics.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the app first", dll);
    }
}
