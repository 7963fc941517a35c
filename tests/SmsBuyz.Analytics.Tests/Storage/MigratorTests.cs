using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

public sealed class MigratorTests
{
    [Fact]
    public async Task MigrateAsync_FreshFile_AppliesEveryScriptInWalMode()
    {
        await using var services = new TestServices();

        var applied = await services.Get<Migrator>().MigrateAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrator.Scripts().Count, applied);
        await using var connection = await services.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "price_change", "price_latest", "sweep", "sweep_error", "orders", "order_sms", "payments", "profile_history" }, tables);
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        await using var services = await new TestServices().MigrateAsync();

        Assert.Equal(0, await services.Get<Migrator>().MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public void Scripts_AreNumberedWithoutGaps()
    {
        var versions = SqliteMigrator.Scripts().Select(s => s.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
    }
}
