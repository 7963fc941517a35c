using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Applies the numbered embedded scripts in <c>Storage/Migrations</c> (<c>0001_name.sql</c>, ...) that the
/// database has not seen, each in its own transaction, and switches the file to WAL once.
/// </summary>
public sealed partial class Migrator(SqliteConnectionFactory connections, TimeProvider time, ILogger<Migrator> logger)
{
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(connections.DatabasePath)!);
        var created = !File.Exists(connections.DatabasePath);
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL)
            """);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_version")).ToHashSet();

        var count = 0;
        foreach (var (version, name, sql) in Scripts().Where(s => !applied.Contains(s.Version)))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(sql, transaction: tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = UnixMs.From(time.GetUtcNow()) }, tx);
            await tx.CommitAsync(ct);
            if (!created)
                LogApplied(version, name);
            count++;
        }
        // A first run (a fresh clone, or the .NET tool in a new folder) says where everything will be kept.
        if (created)
            LogCreated(connections.DatabasePath, count);
        return count;
    }

    public static IReadOnlyList<(long Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "SmsBuyz.Analytics.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                var version = long.Parse(name.Split('_')[0].TrimStart('_'), System.Globalization.CultureInfo.InvariantCulture);
                return (version, name, Read(assembly, n));
            })
            .OrderBy(s => s.version)
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(LogLevel.Information, "New database {Path} ({Count} migrations applied): prices, sweeps, orders and payments are kept there (Storage:Database)")]
    private partial void LogCreated(string path, int count);

    [LoggerMessage(LogLevel.Information, "Applied database migration {Version} ({Name})")]
    private partial void LogApplied(long version, string name);
}
