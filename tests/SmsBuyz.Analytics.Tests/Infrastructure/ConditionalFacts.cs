namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A heavy test that runs only when <c>variable=1</c>: otherwise it is reported as skipped, with what it is and how to
/// run it, never as passed. xunit 2 has no skipping from inside a test, so the decision is made where the test is
/// discovered. No timeout: a full-size benchmark takes minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptInFactAttribute : FactAttribute
{
    /// <summary>The switch of the full-size benchmarks, whose timing targets only mean something on a quiet machine.</summary>
    public const string Benchmarks = "SMSBUYZ_BENCH";

    /// <param name="variable">The environment variable that must be 1.</param>
    /// <param name="what">What the skip reason calls the test.</param>
    public OptInFactAttribute(string variable, string what = "opt-in")
    {
        if (!IsOn(variable))
            Skip = $"{what}: set {variable}=1 to run it";
        Timeout = 0;
    }

    public static bool IsOn(string variable) => Environment.GetEnvironmentVariable(variable) == "1";
}

/// <summary>A test that drops privileges with <c>setpriv</c>, which only root on Linux can: skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootOnLinuxFactAttribute : FactAttribute
{
    public RootOnLinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Skip = "needs root on Linux (runs the app as \"nobody\" with setpriv; root ignores file permissions)";
    }
}

/// <summary>A test of something only Linux has (systemd, Unix signals, /proc): skipped elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "needs Linux";
    }
}

/// <summary>
/// A test that binds a non-loopback address of this machine (<see cref="Address"/>): the worker's rules for a dashboard
/// reachable from other machines. Skipped on a machine with no such address (a container with loopback only).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NonLoopbackFactAttribute : FactAttribute
{
    public NonLoopbackFactAttribute()
    {
        if (Address is null)
            Skip = "needs a non-loopback IPv4 address on this machine";
    }

    /// <summary>The first IPv4 address of an interface that is up and not loopback; null when there is none.</summary>
    public static System.Net.IPAddress? Address { get; } = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up
            && n.NetworkInterfaceType != System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
}
