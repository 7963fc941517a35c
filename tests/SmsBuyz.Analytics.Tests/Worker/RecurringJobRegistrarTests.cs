using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Tests.Worker;

[Collection(HangfireTests.Name)]
public sealed class RecurringJobRegistrarTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Register_Defaults_AddsEveryJobInUtc()
    {
        await using var host = await CreateAsync(new() { ["SmsBuyz:ApiKey"] = "key" }, defaultSchedules: true);

        var jobs = host.RecurringJobs();

        Assert.Equal(
            [("account", "*/10 * * * *"), ("maintenance", "15 3 * * *"), ("prices", "*/5 * * * *"), ("products", "*/5 * * * *"), ("reports", "0 * * * *")],
            jobs.Select(j => (j.Id, j.Cron)).ToList());
        Assert.All(jobs, j => Assert.Equal("UTC", j.TimeZoneId));
        Assert.All(jobs, j => Assert.Empty(j.Job.Args.OfType<string>()));
    }

    [Fact]
    public async Task Register_NextStartWithChangedAndEmptiedCrons_UpdatesAndRemovesStaleJobs()
    {
        await using (await CreateAsync(new() { ["SmsBuyz:ApiKey"] = "key" })) { }

        await using var host = await CreateAsync(new()
        {
            ["SmsBuyz:ApiKey"] = "key",
            ["Schedules:Prices"] = "*/2 * * * *",
            ["Schedules:Reports"] = "",
            ["Schedules:Maintenance"] = " ",
            ["Schedules:TimeZone"] = "Europe/Berlin",
        });

        var jobs = host.RecurringJobs();
        Assert.Equal(["account", "prices", "products"], jobs.Select(j => j.Id));
        Assert.Equal("*/2 * * * *", jobs.Single(j => j.Id == JobIds.Prices).Cron);
        Assert.All(jobs, j => Assert.Equal("Europe/Berlin", j.TimeZoneId));
    }

    [Fact]
    public async Task Register_NoApiKey_LeavesOutTheAccountJobAndSaysSoOnce()
    {
        await using (await CreateAsync(new() { ["SmsBuyz:ApiKey"] = "key" })) { }

        await using var host = await CreateAsync(new() { ["SmsBuyz:ApiKey"] = "" });

        Assert.DoesNotContain(host.RecurringJobs(), j => j.Id == JobIds.Account);
        Assert.Single(host.Logs.GetSnapshot(), l => l.Message.Contains("guest endpoints only", StringComparison.Ordinal));
    }

    /// <summary>Registers on the shared folder's files as a start of <c>run</c> would, without starting the server.</summary>
    private async Task<WorkerHost> CreateAsync(Dictionary<string, string?> settings, bool defaultSchedules = false)
    {
        var host = await WorkerHost.CreateAsync(folder.Path, settings, defaultSchedules: defaultSchedules);
        host.Services.GetRequiredService<RecurringJobRegistrar>().Register();
        return host;
    }

    public void Dispose() => folder.Dispose();
}
