using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Reliability;

// The collections of tests that run app processes or whole workers. Each runs its tests one after another, in one of the
// four slots (see Infrastructure/Parallelism.cs), beside the collections of the tests that compute; the seconds are
// about what a collection takes on a quiet 2-core machine, for the order of starts only.

/// <summary>
/// Tests that start the app (or <c>dotnet pack</c>) as child processes, whose start-ups compute: one at a time, so no
/// more than one such test's processes start at once on the two cores.
/// </summary>
[CollectionDefinition(Name), StartEarly(90)]
public sealed class ChildProcesses
{
    public const string Name = "child processes";
}

/// <summary>
/// Live workers on the real clock, with little to compute and much to wait for (watch intervals, cooldowns, random kill
/// points, retries): one at a time, as their bounds in real time (a daily limit within 90 s) were set for one such
/// worker at a time. <see cref="TwoWorkersTests"/>, which waits for cron minutes, is a lane of its own.
/// </summary>
[CollectionDefinition(Name), StartEarly(110)]
public sealed class RealTime
{
    public const string Name = "real time";
}

/// <summary>
/// Tests that need the machine to themselves, after every other collection: a bound on a whole command's time, start-up
/// included, set for the machine alone. (A measure of the whole process, its heap or its file descriptors, runs in a
/// process of its own instead: Infrastructure/OwnProcess.cs.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
