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
