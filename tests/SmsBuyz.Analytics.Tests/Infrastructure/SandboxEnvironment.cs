using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// The in-process sandbox on a loopback port plus the app's services pointed at it, sharing one fake clock,
/// so the market holds still until a test moves time; on the given storage provider (see <see cref="TestServices"/>).
/// </summary>
public sealed class SandboxEnvironment : IAsyncDisposable
{
    private SandboxEnvironment(SandboxServer sandbox, TestServices services)
    {
        Sandbox = sandbox;
        Services = services;
    }

    public SandboxServer Sandbox { get; }
    public TestServices Services { get; }

    public static async Task<SandboxEnvironment> StartAsync(SandboxOptions options,
        Func<SandboxServer, Dictionary<string, string?>> settings, StorageProvider storage = StorageProvider.Sqlite)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var sandbox = await SandboxServer.StartAsync(options, port: 0, timeProvider: time);
        var values = settings(sandbox);
        values["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString();
        values["SmsBuyz:ApiKey"] = options.ApiKey;
        values["SmsBuyz:RequestsPerSecond"] = "1000";
        values["SmsBuyz:TimeoutSeconds"] = "5";
        values["SmsBuyz:RetryDelaySeconds"] = "0.01";
        var services = await new TestServices(storage, values, time).MigrateAsync();
        return new SandboxEnvironment(sandbox, services);
    }

    public Task<SweepSummary> SweepAsync() =>
        Services.Get<SweepRunner>().RunOneAsync("snapshot", SweepParts.All, CancellationToken.None);

    /// <summary>Every stored latest row, sorted, money back in decimal.</summary>
    public async Task<List<(string Country, string Operator, string Product, decimal Price, long Qty)>> LatestAsync()
    {
        await using var connection = await Services.OpenAsync();
        var rows = await connection.QueryAsync<(string Country, string Operator, string Product, long Price, long Qty)>("""
            SELECT c.code, o.name, p.name, l.price, l.qty FROM price_latest l
            JOIN series s ON s.id = l.series_id JOIN country c ON c.id = s.country_id
            JOIN operator o ON o.id = s.operator_id JOIN product p ON p.id = s.product_id
            """);
        return rows.Select(r => (r.Country, r.Operator, r.Product, Money.FromUnits(r.Price), r.Qty)).OrderBy(x => x).ToList();
    }

    public async Task<long> CountAsync(string tableAndWhere)
    {
        await using var connection = await Services.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {tableAndWhere}");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
