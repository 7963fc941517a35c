using Dapper;
using Hangfire.Storage;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Analytics.Worker;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>The job storage the worker opens, on the app's PostgreSQL database.</summary>
[Collection(HangfireTests.Name)]
public sealed class HangfireStorageTests
{
    [PostgresFact]
    public async Task HangfireStorage_PostgreSql_PreparesItsSchemaInTheAppDatabase()
    {
        HangfireTests.ForgetEndedHostsLogger();
        await using var services = await new TestServices(StorageProvider.PostgreSql,
            new Dictionary<string, string?> { ["Hangfire:Storage"] = "PostgreSql" }).MigrateAsync();

        using (var connection = services.Get<HangfireStorage>().Storage.GetConnection())
            Assert.Empty(connection.GetRecurringJobs());

        await using var db = await services.OpenAsync();
        Assert.True(await db.ExecuteScalarAsync<bool>("SELECT to_regclass('hangfire.job') IS NOT NULL"));
    }
}
