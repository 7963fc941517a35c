using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run, started on first use: <c>initdb</c> into a temp folder (as
/// the <c>postgres</c> user when tests run as root), a free loopback port, durability off (fsync, synchronous commit,
/// full-page writes: nothing here must survive a crash), trust authentication for the superuser <c>postgres</c>.
/// Stopped with <c>pg_ctl stop -m immediate</c> and its folder removed within a second of the test process's end,
/// however it ends, by a watchdog started beside it (see <see cref="StartWatchdog"/>); a cluster whose watchdog died
/// too is removed by the next run's start. Each test takes its own database
/// (<see cref="CreateDatabaseAsync"/>), so tests run in parallel as they do on SQLite files.
/// Tests that use it are marked <see cref="PostgresFactAttribute"/> or <see cref="PostgresDataAttribute"/>, which skip
/// with the reason where no server can be started here.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>Every cluster of every test run lives under here, one folder per run named by the owning process id.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "smsbuyz-postgres");

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(StartAsync));

    private readonly PostgresBinaries _binaries;

    public string Folder { get; }
    public string DataFolder => Path.Combine(Folder, "data");
    public string LogFile => Path.Combine(Folder, "server.log");
    public int Port { get; }

    /// <summary>The superuser on the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    private PostgresServer(PostgresBinaries binaries, string folder, int port)
    {
        _binaries = binaries;
        Folder = folder;
        Port = port;
    }

    /// <summary>The run's server, started by the first caller. Throws (failing the test, not skipping it) when the
    /// programs are there but the server does not start: that is a broken machine or a bug, not a missing feature.</summary>
    public static Task<PostgresServer> GetAsync()
    {
        if (PostgresBinaries.Unavailable is { } reason)
            throw new InvalidOperationException("no PostgreSQL server here (the test should be a [PostgresFact]): " + reason);
        return Shared.Value;
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
        // A test that hangs on a lock fails in half a minute naming the statement, instead of reaching the run's limit.
        CommandTimeout = 30,
    }.ToString();

    /// <summary>A new, empty database of its own for one test; disposing it drops it.</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..20];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
        return new PostgresDatabase(this, name);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var binaries = PostgresBinaries.OnThisMachine!;
        Directory.CreateDirectory(Root);
        RemoveAbandoned(binaries);

        var folder = Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (binaries.RunAs is { } user)
            await RunAsync("chown", [user, folder]);
        await RunAsync(binaries.InitDb,
            ["-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
            binaries.RunAs);

        // Another test run on this machine may take the probed port before the server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(binaries, folder, FreeLoopbackPort());
            await File.WriteAllTextAsync(Path.Combine(folder, "data", "postgresql.auto.conf"), server.Settings());
            var (exit, output) = await TryRunAsync(binaries.PgCtl,
                ["start", "-D", server.DataFolder, "-l", server.LogFile, "-w", "-t", "60"], binaries.RunAs);
            if (exit == 0)
            {
                await server.StartWatchdog();
                return server;
            }
            var log = File.Exists(server.LogFile) ? await File.ReadAllTextAsync(server.LogFile) : "";
            if (attempt < 5 && log.Contains("could not bind", StringComparison.Ordinal))
                continue;
            StopCluster(binaries, folder);
            throw new InvalidOperationException($"PostgreSQL did not start (pg_ctl exit {exit}): {output}\n{log}");
        }
    }

    /// <summary>Loopback only, this port, a socket in the cluster's own folder (not /var/run/postgresql, which a Debian
    /// cluster may own), and no durability: the data dies with the run anyway.</summary>
    private string Settings() => string.Join('\n',
        "listen_addresses = '127.0.0.1'",
        $"port = {Port.ToString(CultureInfo.InvariantCulture)}",
        $"unix_socket_directories = '{Folder}'",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        // Every test has its own database and so its own connection pool: leave room for a parallel run's pools.
        "max_connections = 300",
        "");

    /// <summary>
    /// Stops the cluster and removes its folder once this process is gone. Not a ProcessExit handler: <c>dotnet test</c>
    /// kills the test host 100 ms after asking it to end (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), which cut such a handler
    /// short and left the folder behind, and a killed or crashed test host runs no handler at all. <c>setsid -f</c>
    /// detaches the watchdog from this process, so nothing that ends this process's tree ends it too.
    /// </summary>
    private async Task StartWatchdog()
    {
        var stop = _binaries.RunAs is { } user ? $"runuser -u {user} -- \"$2\"" : "\"$2\"";
        // Its output away from our pipes at once: ReadToEnd waits for every holder of them to close.
        var script = "exec </dev/null >/dev/null 2>&1; while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; "
            + $"if [ -f \"$1/data/postmaster.pid\" ]; then {stop} stop -D \"$1/data\" -m immediate -w -t 20 >/dev/null 2>&1; fi; "
            + "rm -rf \"$1\"";
        await RunAsync("setsid", ["-f", "sh", "-c", script,
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Folder, _binaries.PgCtl]);
    }

    /// <summary>Stops a cluster at once (no checkpoint: nothing is kept) and removes its folder.</summary>
    private static void StopCluster(PostgresBinaries binaries, string folder)
    {
        var data = Path.Combine(folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
            TryRunAsync(binaries.PgCtl, ["stop", "-D", data, "-m", "immediate", "-w", "-t", "20"], binaries.RunAs).GetAwaiter().GetResult();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* removed by the next run's start */ }
        catch (UnauthorizedAccessException) { /* likewise */ }
    }

    /// <summary>Clusters of test processes that no longer run (killed before their exit handler ran).</summary>
    private static void RemoveAbandoned(PostgresBinaries binaries)
    {
        foreach (var folder in Directory.GetDirectories(Root))
        {
            var owner = Path.GetFileName(folder).Split('-')[0];
            if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
                StopCluster(binaries, folder);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string program, string[] arguments, string? runAs = null)
    {
        var (exit, output) = await TryRunAsync(program, arguments, runAs);
        if (exit != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited {exit}: {output}");
    }

    /// <summary>Runs a program (as <paramref name="runAs"/> through runuser when given) and returns its exit code and
    /// its output and errors together.</summary>
    private static async Task<(int Exit, string Output)> TryRunAsync(string program, string[] arguments, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            // The server and pg_ctl must not inherit a working directory the service user cannot enter (root's home).
            WorkingDirectory = "/",
        };
        if (runAs is not null)
            foreach (var argument in new[] { "-u", runAs, "--", program })
                start.ArgumentList.Add(argument);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // libpq and the server read these; a developer's own settings must not point the cluster elsewhere.
        foreach (var variable in new[] { "PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGPASSWORD" })
            start.Environment.Remove(variable);
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        // pg_ctl start leaves the server running with our pipes unless its output goes to the log (-l): it does.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}

/// <summary>One test's database on the shared <see cref="PostgresServer"/>; dropped (with any connection still open)
/// on dispose.</summary>
public sealed class PostgresDatabase(PostgresServer server, string name) : IAsyncDisposable
{
    public string Name { get; } = name;
    public PostgresServer Server { get; } = server;
    public string ConnectionString { get; } = server.ConnectionStringFor(name);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of this database would keep it alive; the FORCE drop ends any other (an app's pool).
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        await using var admin = new NpgsqlConnection(Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
