using Dapper;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Storage.Migrations;

/// <summary>
/// Migration 5's data step. Before it, a country, operator or product spelled two ways (<c>russia</c>/<c>ru</c>,
/// <c>virtual1</c>/<c>Virtual1</c>) made two series of one offer. This gives every country, operator and product
/// its key (<see cref="OfferNames"/>), merges the rows that share a key into the oldest one, merges their series
/// (<see cref="SeriesMerge"/>), and stores the countries of orders and buy intents as ISO codes. It runs inside the
/// migration's transaction, so it happens whole or not at all, and finding nothing to merge changes nothing.
/// </summary>
internal static class OfferIdentityMerge
{
    public static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction tx)
    {
        var countries = await Dimension.LoadAsync(connection, tx, "country", "code", OfferNames.CountryKey);
        var operators = await Dimension.LoadAsync(connection, tx, "operator", "name", OfferNames.OperatorKey);
        var products = await Dimension.LoadAsync(connection, tx, "product", "name", OfferNames.ProductKey);

        var series = await connection.QueryAsync<(long Id, long Product, long Country, long Operator)>(
            "SELECT id, product_id, country_id, operator_id FROM series ORDER BY id", transaction: tx);
        foreach (var offer in series.GroupBy(s => (Product: products.Survivor[s.Product], Country: countries.Survivor[s.Country],
                     Operator: operators.Survivor[s.Operator])))
        {
            var ids = offer.Select(s => s.Id).ToList();
            if (ids.Count > 1)
                await SeriesMerge.MergeAsync(connection, tx, ids);
            var first = offer.First();
            if ((first.Product, first.Country, first.Operator) != offer.Key)
                await connection.ExecuteAsync(
                    "UPDATE series SET product_id = @Product, country_id = @Country, operator_id = @Operator WHERE id = @id",
                    new { offer.Key.Product, offer.Key.Country, offer.Key.Operator, id = first.Id }, tx);
        }

        await countries.CollapseAsync(connection, tx, keyColumn: "code");
        await operators.CollapseAsync(connection, tx, keyColumn: "key");
        await products.CollapseAsync(connection, tx, keyColumn: "key");
        await connection.ExecuteAsync("""
            CREATE UNIQUE INDEX IF NOT EXISTS operator_key ON operator(key);
            CREATE UNIQUE INDEX IF NOT EXISTS product_key ON product(key);
            """, transaction: tx);

        foreach (var table in new[] { "orders", "buy_intent" })
        {
            var spellings = await connection.QueryAsync<string>($"SELECT DISTINCT country FROM {table} WHERE country IS NOT NULL", transaction: tx);
            foreach (var spelling in spellings.Where(s => OfferNames.CountryKey(s) != s))
                await connection.ExecuteAsync($"UPDATE {table} SET country = @key WHERE country = @spelling",
                    new { key = OfferNames.CountryKey(spelling), spelling }, tx);
        }
        // Processes that cached the old ids reload them.
        await connection.ExecuteAsync("UPDATE market_version SET version = version + 1", transaction: tx);
    }

    /// <summary>The rows of one dimension table grouped by key; the survivor of a group is the row already spelled as
    /// its key, else the oldest.</summary>
    private sealed class Dimension(string table, List<(long Id, string Key, bool Survives)> rows)
    {
        public Dictionary<long, long> Survivor { get; } = rows.GroupBy(r => r.Key)
            .SelectMany(g => g.Select(r => (r.Id, Survivor: g.First(s => s.Survives).Id)))
            .ToDictionary(r => r.Id, r => r.Survivor);

        public static async Task<Dimension> LoadAsync(SqliteConnection connection, SqliteTransaction tx, string table, string column,
            Func<string, string> key)
        {
            var all = (await connection.QueryAsync<(long Id, string Name)>($"SELECT id, {column} FROM {table} ORDER BY id", transaction: tx))
                .Select(r => (r.Id, Key: key(r.Name), r.Name)).ToList();
            var rows = all.GroupBy(r => r.Key).SelectMany(g =>
            {
                var survivor = g.FirstOrDefault(r => r.Name == r.Key, g.First()).Id;
                return g.Select(r => (r.Id, r.Key, Survives: r.Id == survivor));
            }).ToList();
            return new Dimension(table, rows);
        }

        /// <summary>Deletes the merged-away rows (no series points at them any more) and writes each survivor's key.</summary>
        public async Task CollapseAsync(SqliteConnection connection, SqliteTransaction tx, string keyColumn)
        {
            var gone = rows.Where(r => !r.Survives).Select(r => r.Id).ToList();
            if (gone.Count > 0)
                await connection.ExecuteAsync($"DELETE FROM {table} WHERE id IN @gone", new { gone }, tx);
            foreach (var (id, key, _) in rows.Where(r => r.Survives))
                await connection.ExecuteAsync($"UPDATE {table} SET {keyColumn} = @key WHERE id = @id", new { key, id }, tx);
        }
    }
}
