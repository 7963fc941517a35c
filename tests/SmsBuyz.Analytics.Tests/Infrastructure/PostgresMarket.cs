using Dapper;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>
/// A prices sweep for the auto-buy tests on either provider. The market write runs on SQLite only until the PostgreSQL
/// ingest path (branch pgmarket, docs/postgresql-plan.md section 5) is merged: there the sweep's market parts fail with
/// NotSupportedException, and this stores what they would have stored instead — every offer the sandbox quotes now as
/// <c>price_latest</c> (and a <c>price_change</c> row where it changed), then bumps <c>market_version</c>, as
/// <c>MarketStore</c> does. Once the market write runs on PostgreSQL the sweep succeeds and this stand-in is never used.
/// </summary>
public static class PostgresMarket
{
    public static async Task<SweepSummary> SweepAsync(TestServices services, SandboxServer sandbox)
    {
        var summary = await services.Get<SnapshotRunner>().RunAsync("prices", SweepParts.Prices, CancellationToken.None);
        if (services.Storage == StorageProvider.PostgreSql && summary.Failures.Any(f => f.Kind == nameof(NotSupportedException)))
            await StoreAsync(services, sandbox, summary.SweepId);
        return summary;
    }

    public static async Task StoreAsync(TestServices services, SandboxServer sandbox, long sweepId)
    {
        var at = UnixMs.From(services.Time.GetUtcNow());
        await using var connection = await services.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var offer in sandbox.State.CurrentOffers())
        {
            var series = await connection.ExecuteScalarAsync<long>("""
                WITH c AS (INSERT INTO country (code) VALUES (@country) ON CONFLICT (code) DO UPDATE SET code = excluded.code RETURNING id),
                     o AS (INSERT INTO operator (key, name) VALUES (@operatorKey, @operatorName) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id),
                     p AS (INSERT INTO product (key, name) VALUES (@productKey, @productName) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id)
                INSERT INTO series (id, product_id, country_id, operator_id)
                SELECT (SELECT coalesce(max(id), 0) + 1 FROM series), p.id, c.id, o.id FROM c, o, p
                ON CONFLICT (product_id, country_id, operator_id) DO UPDATE SET sources = series.sources
                RETURNING id
                """, new
            {
                country = offer.CountryIso, operatorKey = OfferNames.OperatorKey(offer.Operator), operatorName = offer.Operator,
                productKey = OfferNames.ProductKey(offer.Product), productName = offer.Product,
            }, tx);
            var point = new { series, price = Money.ToUnits(offer.Price), qty = (long)offer.Qty, at, sweepId };
            var changed = await connection.ExecuteAsync("""
                INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES (@series, @price, @qty, @at, @sweepId, @qty)
                ON CONFLICT (series_id) DO UPDATE SET price = excluded.price, qty = excluded.qty, changed_at = excluded.changed_at,
                    sweep_id = excluded.sweep_id, recorded_qty = excluded.recorded_qty
                WHERE price_latest.price <> excluded.price OR price_latest.qty <> excluded.qty
                """, point, tx);
            if (changed > 0)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO price_change (series_id, observed_at, price, qty, sweep_id) VALUES (@series, @at, @price, @qty, @sweepId)
                    ON CONFLICT (series_id, observed_at) DO UPDATE SET price = excluded.price, qty = excluded.qty, sweep_id = excluded.sweep_id
                    """, point, tx);
            }
        }
        await connection.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
        await tx.CommitAsync();
    }
}
