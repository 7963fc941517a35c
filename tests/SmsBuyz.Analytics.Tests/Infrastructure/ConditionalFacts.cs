namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A heavy test that runs only when <c>variable=1</c>: otherwise it is reported as skipped, with how to run it, never
/// as passed. xunit 2 has no skipping from inside a test, so the decision is made where the test is discovered.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptInFactAttribute : FactAttribute
{
    public OptInFactAttribute(string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1")
            Skip = $"opt-in: run with {variable}=1";
    }
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
