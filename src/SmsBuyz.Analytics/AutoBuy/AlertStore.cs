using Dapper;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>The <c>rule_alert</c> rows: where each offer stands under each Notify rule (see <see cref="AlertState"/>).</summary>
public sealed class AlertStore(Database db, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<OfferKey, AlertState>> LoadAsync(string rule, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Country, string Operator, string Product, long Active, long? Price, long? AlertedAt, long? FalseSince)>(
            "SELECT country, operator, product, active, price, alerted_at, false_since FROM rule_alert WHERE rule = @rule", new { rule });
        return rows.Select(r => new AlertState(new OfferKey(r.Country, r.Operator, r.Product), r.Active != 0,
                r.Price is { } p ? Money.FromUnits(p) : null, Time(r.AlertedAt), Time(r.FalseSince)))
            .ToDictionary(s => s.Offer);
    }

    /// <summary>The alerts sent since <paramref name="since"/>, newest first, at most <paramref name="limit"/>: the offer's last alert under each rule.</summary>
    public async Task<IReadOnlyList<(string Rule, AlertState State)>> RecentAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Rule, string Country, string Operator, string Product, long Active, long? Price, long AlertedAt)>(
            new CommandDefinition("""
            SELECT rule, country, operator, product, active, price, alerted_at FROM rule_alert
            WHERE alerted_at >= @since ORDER BY alerted_at DESC, rule, product, country, operator LIMIT @limit
            """, new { since = UnixMs.From(since), limit }, cancellationToken: ct));
        return [.. rows.Select(r => (r.Rule, new AlertState(new OfferKey(r.Country, r.Operator, r.Product), r.Active != 0,
            r.Price is { } p ? Money.FromUnits(p) : null, UnixMs.To(r.AlertedAt), null)))];
    }

    /// <summary>Stores the changed states in one transaction.</summary>
    public async Task SaveAsync(string rule, IReadOnlyList<AlertState> changed, CancellationToken ct)
    {
        if (changed.Count == 0)
            return;
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, null, ct);
        var now = UnixMs.From(time.GetUtcNow());
        foreach (var s in changed)
        {
            await connection.ExecuteAsync("""
                INSERT INTO rule_alert (rule, country, operator, product, active, price, alerted_at, false_since, updated_at)
                VALUES (@rule, @Country, @Operator, @Product, @active, @price, @alertedAt, @falseSince, @now)
                ON CONFLICT (rule, product, country, operator) DO UPDATE SET active = excluded.active, price = excluded.price,
                    alerted_at = excluded.alerted_at, false_since = excluded.false_since, updated_at = excluded.updated_at
                """, new
            {
                rule, s.Offer.Country, s.Offer.Operator, s.Offer.Product, active = s.Active ? 1 : 0,
                price = s.Price is { } p ? Money.ToUnits(p) : (long?)null, alertedAt = UnixMs.From(s.AlertedAt),
                falseSince = UnixMs.From(s.FalseSince), now,
            }, tx);
        }
        await tx.CommitAsync(ct);
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? UnixMs.To(v) : null;
}
