namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>Hangfire keeps static state (JobStorage.Current, the activator, filters): one host at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireTests
{
    public const string Name = "Hangfire";
}
