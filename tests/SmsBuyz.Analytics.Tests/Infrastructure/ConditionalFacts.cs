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
