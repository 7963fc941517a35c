using Hangfire.Logging;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>
/// Every test that uses Hangfire in this process, one at a time: Hangfire keeps static state (<c>JobStorage.Current</c>,
/// the activator, filters, its log provider) that each host sets for the whole process. Nothing outside this collection
/// touches Hangfire in-process (app processes have their own), so it runs beside the other collections as a lane of its
/// own (see Infrastructure/Parallelism.cs).
/// </summary>
[CollectionDefinition(Name), StartEarly(50)]
public sealed class HangfireTests
{
    public const string Name = "Hangfire";

    /// <summary>
    /// Forgets the log provider the last host set for the whole process. It writes to that host's
    /// <c>ILoggerFactory</c>, which ended with the host, and Hangfire types take their static loggers from it when first
    /// used: Hangfire.PostgreSql's schema installer, first used after a host has ended, fails its type initializer for
    /// the rest of the process, and the storage (resilient start-up and degraded mode by default) sleeps through its
    /// retries and then serves a database without the schema ("relation hangfire.set does not exist"). A test that
    /// opens a Hangfire storage without a host of its own calls this first; the next host sets its own provider again.
    /// </summary>
    public static void ForgetEndedHostsLogger() => LogProvider.SetCurrentLogProvider(null);
}
