using System.Globalization;
using Npgsql;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// A bench's own PostgreSQL database, <c>smsbuyz_bench_RANDOM</c>, made on the server <c>--postgres</c> names and
/// dropped (with any connection still open) when disposed, as a SQLite bench recreates its file.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _server;

    private BenchPostgres(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string Name { get; }

    /// <summary>The new database, with the server's credentials.</summary>
    public string ConnectionString { get; }

    /// <summary>Checks <c>--postgres</c> without showing its value (it may hold a password); its database, when named,
    /// is only where the bench connects to create its own (default <c>postgres</c>).</summary>
    public static string Server(string? value)
    {
        var problem = PostgreSqlConnectionString.Problem("--postgres", value, "with --provider PostgreSql or Both");
        var builder = problem is null || problem.EndsWith("with Database=", StringComparison.Ordinal) ? new NpgsqlConnectionStringBuilder(value) : null;
        if (builder is null)
            throw new ConfigurationException(problem!);
        if (string.IsNullOrWhiteSpace(builder.Database))
            builder.Database = "postgres";
        return builder.ToString();
    }

    public static async Task<BenchPostgres> CreateAsync(string server, CancellationToken ct)
    {
        var bench = new BenchPostgres(server, string.Create(CultureInfo.InvariantCulture, $"smsbuyz_bench_{Guid.NewGuid():N}")[..30]);
        await bench.AdminAsync($"CREATE DATABASE {bench.Name}", ct);
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        await AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
    }

    private async Task AdminAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
