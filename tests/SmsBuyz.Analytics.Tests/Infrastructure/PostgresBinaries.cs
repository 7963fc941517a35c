namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// Where the PostgreSQL server programs are, and whether this process can start them: decided without starting
/// anything, so test discovery can skip (with the reason) the tests that need a server. Debian keeps them out of PATH,
/// in <c>/usr/lib/postgresql/VERSION/bin</c>; <c>dotnet test</c> installs the <c>postgresql</c> package (tests/install-test-dependencies.sh) when they are
/// missing. <see cref="Variable"/> names another folder.
/// </summary>
public sealed record PostgresBinaries(string Folder, string? RunAs)
{
    public const string Variable = "SMSBUYZ_POSTGRES_BIN";

    /// <summary>PostgreSQL refuses to run as root: tests that run as root start it as this user (Debian's package makes it).</summary>
    public const string ServiceUser = "postgres";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Folder, "initdb");
    public string PgCtl => Path.Combine(Folder, "pg_ctl");

    private static readonly Lazy<(PostgresBinaries? Found, string? Reason)> Local = new(() => Find(
        Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("PATH"), "/usr/lib/postgresql",
        Environment.UserName == "root", File.Exists("/etc/passwd") ? File.ReadAllText("/etc/passwd") : ""));

    /// <summary>This machine's server programs, or null with <see cref="Unavailable"/> saying why.</summary>
    public static PostgresBinaries? OnThisMachine => Local.Value.Found;

    /// <summary>Why tests that need a PostgreSQL server cannot run here; null when they can.</summary>
    public static string? Unavailable => Local.Value.Reason;

    public static (PostgresBinaries? Found, string? Reason) Find(string? overrideFolder, string? path, string debianRoot, bool isRoot, string passwd)
    {
        if (!OperatingSystem.IsLinux())
            return (null, "the PostgreSQL test cluster needs Linux (runuser, setsid)");
        string? folder;
        if (!string.IsNullOrEmpty(overrideFolder))
        {
            folder = HasAll(overrideFolder) ? overrideFolder : null;
            if (folder is null)
                return (null, $"{Variable}={overrideFolder} does not hold {string.Join(", ", Programs)}");
        }
        else
        {
            folder = Candidates(path, debianRoot).FirstOrDefault(HasAll);
            if (folder is null)
                return (null, $"PostgreSQL server not installed (no {string.Join(", ", Programs)} in {debianRoot}/*/bin or PATH): "
                    + $"dotnet test installs Debian's postgresql package, or set {Variable} to the folder that has them");
        }
        if (!Exists("setsid"))
            return (null, "the PostgreSQL test cluster's watchdog needs setsid (util-linux), which is missing");
        if (!isRoot)
            return (new PostgresBinaries(folder, null), null);
        if (!passwd.Split('\n').Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal)))
            return (null, $"running as root, PostgreSQL must be started as the '{ServiceUser}' user, and there is none (Debian's postgresql package makes it)");
        if (!Exists("runuser"))
            return (null, "running as root, PostgreSQL is started through runuser (util-linux), which is missing");
        return (new PostgresBinaries(folder, ServiceUser), null);
    }

    /// <summary>Debian's versioned folders, newest first, then PATH.</summary>
    private static IEnumerable<string> Candidates(string? path, string debianRoot)
    {
        if (Directory.Exists(debianRoot))
            foreach (var version in Directory.GetDirectories(debianRoot)
                         .Select(d => (Folder: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                         .Where(d => d.Version >= 0).OrderByDescending(d => d.Version))
                yield return Path.Combine(version.Folder, "bin");
        foreach (var entry in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            yield return entry;
    }

    private static bool Exists(string program) =>
        new[] { "/usr/bin", "/usr/sbin", "/bin", "/sbin" }.Any(folder => File.Exists(Path.Combine(folder, program)));

    private static bool HasAll(string folder) => Programs.All(p => File.Exists(Path.Combine(folder, p)));
}

/// <summary>A test that needs a PostgreSQL server (<see cref="PostgresServer"/>): reported as skipped, with the reason,
/// where the server programs are missing or cannot be started by this user — never as passed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBinaries.Unavailable is { } reason)
            Skip = reason;
    }
}

/// <summary>
/// The PostgreSQL row of a theory over the storage provider: <c>[Theory, InlineData(Provider.Sqlite), PostgresData]</c>
/// style. Supplies its arguments, or where no server can be started, one skipped row with the reason (xunit 2 skips a
/// data attribute's rows when its <see cref="Xunit.Sdk.DataAttribute.Skip"/> is set).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PostgresDataAttribute : Xunit.Sdk.DataAttribute
{
    private readonly object?[] _arguments;

    public PostgresDataAttribute(params object?[] arguments)
    {
        _arguments = arguments;
        if (PostgresBinaries.Unavailable is { } reason)
            Skip = reason;
    }

    public override IEnumerable<object?[]> GetData(System.Reflection.MethodInfo testMethod) => [_arguments];
}
