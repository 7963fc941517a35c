using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Market.History;

public sealed partial class MarketReadModel
{
    /// <summary>
    /// Every stored provider, by name then base URL: what a <c>--provider</c> filter is checked against and what a report
    /// compares. A provider is stored once something of it is (a sweep, a series, an account).
    /// </summary>
    public async Task<IReadOnlyList<ProviderRef>> ProvidersAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Name, string BaseUrl)>(new CommandDefinition(
            $"SELECT id, name, base_url FROM provider ORDER BY name{db.ByBytes()}, base_url{db.ByBytes()}", cancellationToken: ct));
        return [.. rows.Select(r => new ProviderRef(r.Id, r.Name, r.BaseUrl))];
    }
}
