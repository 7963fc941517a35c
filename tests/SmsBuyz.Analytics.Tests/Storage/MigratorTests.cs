using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

public sealed class MigratorTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task MigrateAsync_FreshDatabase_AppliesEveryScript(StorageProvider provider)
    {
        await using var services = new TestServices(provider);

        var applied = await services.Get<Migrator>().MigrateAsync(CancellationToken.None);

        Assert.Equal(Scripts(provider).Count, applied);
        await using var connection = await services.OpenAsync();
        var tables = (await connection.QueryAsync<string>(services.Get<Database>().Sql(
            sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
            postgreSql: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))).ToHashSet();
        Assert.Superset(new HashSet<string> { "price_change", "price_latest", "sweep", "sweep_error", "orders", "order_sms", "payments", "profile_history" }, tables);
        Assert.Equal(Scripts(provider).Select(s => s.Version), await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task MigrateAsync_FreshFile_SwitchesToWal()
    {
        await using var services = await new TestServices().MigrateAsync();

        await using var connection = await services.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task MigrateAsync_SecondRun_AppliesNothing(StorageProvider provider)
    {
        await using var services = await new TestServices(provider).MigrateAsync();

        Assert.Equal(0, await services.Get<Migrator>().MigrateAsync(CancellationToken.None));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task MigrateAsync_TwoWorkersStartingAtOnce_ApplyEachScriptOnce(StorageProvider provider)
    {
        await using var first = new TestServices(provider);
        await using var second = new TestServices(provider, new Dictionary<string, string?>(first.StorageSettings));

        var applied = await Task.WhenAll(
            Task.Run(() => first.Get<Migrator>().MigrateAsync(CancellationToken.None)),
            Task.Run(() => second.Get<Migrator>().MigrateAsync(CancellationToken.None)));

        Assert.Equal(Scripts(provider).Count, applied.Sum());
        await using var connection = await first.OpenAsync();
        Assert.Equal(Scripts(provider).Count, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_version"));
    }

    [PostgresFact]
    public async Task MigrateAsync_PostgreSql_MakesThePartitionsOfThisMonthAndTheNextTwo()
    {
        // The clock: 15 January 2026, so 62 days ahead reach into March.
        await using var services = await new TestServices(StorageProvider.PostgreSql).MigrateAsync();

        await using var connection = await services.OpenAsync();
        Assert.Equal(["price_change_p202601", "price_change_p202602", "price_change_p202603"], await connection.QueryAsync<string>("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'price_change'::regclass AND c.relname <> 'price_change_default' ORDER BY c.relname
            """));
    }

    [Fact]
    public void Scripts_AreNumberedWithoutGaps()
    {
        foreach (var provider in Enum.GetValues<StorageProvider>())
        {
            var versions = Scripts(provider).Select(s => s.Version).ToList();

            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        }
    }

    private static IReadOnlyList<(long Version, string Name, string Sql)> Scripts(StorageProvider provider) =>
        provider == StorageProvider.Sqlite ? SqliteMigrator.Scripts() : PostgreSqlMigrator.Scripts();
}
