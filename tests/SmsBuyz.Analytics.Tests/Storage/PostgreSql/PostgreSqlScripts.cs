using System.Globalization;
using Dapper;
using Npgsql;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>
/// The PostgreSQL migrations (src/SmsBuyz.Analytics/Storage/Migrations/PostgreSql, copied beside the tests), applied
/// the way the SQLite <c>Migrator</c> applies its own: in version order, each in its own transaction with its
/// <c>schema_version</c> row. A stand-in until the app's migrator learns the provider (docs/postgresql-plan.md).
/// </summary>
internal static class PostgreSqlScripts
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "PostgreSqlMigrations");

    public static IReadOnlyList<(long Version, string Name, string Sql)> All() =>
        [.. Directory.GetFiles(Folder, "*.sql")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Select(name => (Version: long.Parse(name.Split('_')[0], CultureInfo.InvariantCulture), Name: name,
                Sql: File.ReadAllText(Path.Combine(Folder, name + ".sql"))))
            .OrderBy(s => s.Version)];

    public static async Task ApplyAsync(NpgsqlConnection connection)
    {
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
            """);
        foreach (var (version, name, sql) in All())
        {
            await using var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync("INSERT INTO schema_version VALUES (@version, @name, 0)", new { version, name }, tx);
            await tx.CommitAsync();
        }
    }
}
