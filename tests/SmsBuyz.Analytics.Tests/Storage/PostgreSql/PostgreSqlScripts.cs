using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>The app's PostgreSQL migrations (<see cref="PostgreSqlMigrator"/>) applied to a test's own database.</summary>
internal static class PostgreSqlScripts
{
    /// <summary>
    /// The migrator's clock: it makes the partitions of this month and the next two, far from the months the partition
    /// tests make and count themselves.
    /// </summary>
    public static readonly DateTimeOffset MigratedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whose rows an older database's are: no test database here is older than the app.</summary>
    public static readonly MigrationOwner Owner = new("https://smsbuyz.com/v1", "smsbuyz");

    public static IReadOnlyList<(long Version, string Name, string Sql)> All() => PostgreSqlMigrator.Scripts();

    public static async Task<int> ApplyAsync(PostgresDatabase database)
    {
        var options = Options.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = database.ConnectionString });
        await using var db = new PostgreSqlDatabase(options);
        return await new PostgreSqlMigrator(db, Owner, new FakeTimeProvider(MigratedAt), NullLogger<PostgreSqlMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
    }
}
