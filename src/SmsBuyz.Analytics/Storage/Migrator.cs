using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Brings the database to the latest schema at every command's start: <see cref="SqliteMigrator"/> or
/// <see cref="PostgreSqlMigrator"/>, by <c>Storage:Provider</c>. Both apply numbered embedded scripts with the same
/// version numbers and names (<c>Storage/Migrations/0001_initial.sql</c>, <c>Storage/Migrations/PostgreSql/0001_initial.sql</c>).
/// </summary>
public abstract class Migrator
{
    /// <returns>How many scripts were applied (0 when the database was up to date).</returns>
    public abstract Task<int> MigrateAsync(CancellationToken ct);

    /// <summary>
    /// The embedded scripts of one folder under <c>Storage/Migrations</c> ("" for the folder itself), in version order.
    /// Only names that start with their version count: the SQLite folder's prefix is also the start of every
    /// PostgreSQL script's name (<c>…Migrations.PostgreSql.0001_initial.sql</c>).
    /// </summary>
    protected static IReadOnlyList<(long Version, string Name, string Sql)> ScriptsIn(string folder)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = "SmsBuyz.Analytics.Storage.Migrations." + (folder.Length > 0 ? folder + "." : "");
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[prefix.Length..^".sql".Length]))
            .Where(s => char.IsAsciiDigit(s.Name[0]) && !s.Name.Contains('.', StringComparison.Ordinal))
            .Select(s => (Version: long.Parse(s.Name.Split('_')[0], CultureInfo.InvariantCulture), s.Name, Sql: Read(assembly, s.Resource)))
            .OrderBy(s => s.Version)];
    }

    /// <summary>
    /// What the scripts may ask of the running configuration (migration 9: whose the existing rows are), as the temporary
    /// table <c>migration_context</c> of the migrating connection, written before the scripts run; the scripts fill in
    /// the ids they make. <see cref="DropContextAsync"/> removes it after them.
    /// </summary>
    protected static Task WriteContextAsync(DbConnection connection, MigrationOwner owner, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS migration_context (
                provider_url TEXT NOT NULL, provider_name TEXT NOT NULL, now BIGINT NOT NULL, provider_id BIGINT, account_id BIGINT);
            DELETE FROM migration_context;
            INSERT INTO migration_context (provider_url, provider_name, now) VALUES (@url, @name, @now);
            """, new { url = owner.ProviderUrl, name = owner.ProviderName, now = UnixMs.From(now) });

    /// <summary>A pooled connection keeps its temporary tables: the next user of it finds none.</summary>
    protected static Task DropContextAsync(DbConnection connection) => connection.ExecuteAsync("DROP TABLE IF EXISTS migration_context");

    /// <summary>Marks a script applied, in the transaction that applied it.</summary>
    protected static Task RecordAppliedAsync(DbConnection connection, DbTransaction tx, long version, string name, DateTimeOffset at) =>
        connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
            new { version, name, at = UnixMs.From(at) }, tx);

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
