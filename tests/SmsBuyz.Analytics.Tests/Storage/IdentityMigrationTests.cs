using System.Data.Common;
using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage;

/// <summary>
/// Migration 9 on databases of the previous schema: every row is still there, every old column unchanged, and now under
/// its identity: the provider configured while it migrates, and the account its latest profile names (each profile row
/// its own), or the account <c>unknown</c>, which the first profile read adopts. <c>Fixtures/one-account-v8.db</c> is a
/// <c>demo</c> run of the version before (a sandbox account with its sweeps, orders, SMS, payments, buys and notices).
/// </summary>
public sealed class IdentityMigrationTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "one-account-v8.db");
    private const string BaseUrl = "http://127.0.0.1:5080/v1/";

    private static Dictionary<string, string?> Configured() => new() { ["SmsBuyz:BaseUrl"] = BaseUrl };

    [Fact]
    public async Task Migrate_DemoDatabaseOfTheVersionBefore_EveryRowUnchangedUnderTheConfiguredProviderAndItsProfilesAccount()
    {
        await using var services = new TestServices(Configured());
        File.Copy(Fixture, services.DatabasePath);
        await using (var connection = await services.OpenAsync())
            await AddRowsTheDemoLacksAsync(connection, 2495800001);
        var before = await SnapshotAsync(services);
        Assert.True(before["orders"].Count > 0 && before["order_sms"].Count > 0 && before["payments"].Count > 0 && before["order_notice"].Count > 0);

        Assert.Equal(1, await services.Get<Migrator>().MigrateAsync(CancellationToken.None));

        AssertUnchanged(before, await SnapshotAsync(services, before));
        await using var migrated = await services.OpenAsync();
        var (provider, account) = await OwnersAsync(migrated);
        Assert.Equal(("http://127.0.0.1:5080/v1", "smsbuyz"), (provider.BaseUrl, provider.Name));
        Assert.Equal(("24958", "sandbox-24958@example.com"), (account.External, account.Email));
        await AssertEveryRowOwnedAsync(migrated, provider.Id, account.Id);
        Assert.Equal(0, await migrated.ExecuteScalarAsync<long>("SELECT count(*) FROM pragma_foreign_key_check"));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Migrate_HandMadeDatabaseOfTheVersionBefore_EveryRowUnchangedEachProfileUnderItsOwnAccount(StorageProvider storage)
    {
        await using var services = new TestServices(storage, Configured());
        await using (var connection = await services.OpenAsync())
        {
            await ApplyVersionsUpTo8Async(connection, storage);
            await AddMarketAndAccountRowsAsync(connection, profiles: true);
        }
        var before = await SnapshotAsync(services);

        Assert.Equal(1, await services.Get<Migrator>().MigrateAsync(CancellationToken.None));

        AssertUnchanged(before, await SnapshotAsync(services, before));
        await using var migrated = await services.OpenAsync();
        var (provider, account) = await OwnersAsync(migrated);
        Assert.Equal(("77", "new@example.com"), (account.External, account.Email)); // the latest profile's
        await AssertEveryRowOwnedAsync(migrated, provider.Id, account.Id);
        // The older profile named another account: its row is that account's, not the latest one's.
        Assert.Equal([("76", "old@example.com"), ("77", "new@example.com")], await migrated.QueryAsync<(string, string)>("""
            SELECT a.external_id, a.email FROM profile_history h JOIN account a ON a.id = h.account_id ORDER BY h.id
            """));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Migrate_OrdersWithoutAnyProfile_UnderAccountUnknown_WhichTheFirstProfileReadAdopts(StorageProvider storage)
    {
        await using var services = new TestServices(storage, Configured());
        await using (var connection = await services.OpenAsync())
        {
            await ApplyVersionsUpTo8Async(connection, storage);
            await AddMarketAndAccountRowsAsync(connection, profiles: false);
        }
        var before = await SnapshotAsync(services);

        await services.Get<Migrator>().MigrateAsync(CancellationToken.None);
        await using var migrated = await services.OpenAsync();
        var (provider, unknown) = await OwnersAsync(migrated);
        var adopted = await services.Get<Identities>().LearnAsync(new Profile(90, "me@example.com", 5m, 0m, null), CancellationToken.None);

        AssertUnchanged(before, await SnapshotAsync(services, before));
        Assert.Equal(AccountRef.Unknown, unknown.External);
        Assert.Equal((unknown.Id, "90", "me@example.com"), (adopted.Id, adopted.ExternalId, adopted.Email));
        await AssertEveryRowOwnedAsync(migrated, provider.Id, unknown.Id);
        Assert.Equal(1, await migrated.ExecuteScalarAsync<long>("SELECT count(*) FROM account"));
        Assert.Contains(services.Logs.GetSnapshot(), l => l.Message.Contains("stored before providers and accounts were told apart is 90", StringComparison.Ordinal));
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Migrate_NewDatabase_NoProviderOrAccountUntilOneIsSeen(StorageProvider storage)
    {
        await using var services = await new TestServices(storage, Configured()).MigrateAsync();

        await using var connection = await services.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT (SELECT count(*) FROM provider) + (SELECT count(*) FROM account)"));
    }

    /// <summary>The tables of version 8, by the scripts as they were: each database provider's own.</summary>
    private static async Task ApplyVersionsUpTo8Async(DbConnection connection, StorageProvider storage)
    {
        await connection.ExecuteAsync("CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        var scripts = storage == StorageProvider.Sqlite ? SqliteMigrator.Scripts() : PostgreSqlMigrator.Scripts();
        foreach (var (version, name, sql) in scripts.Where(s => s.Version <= 8))
        {
            await connection.ExecuteAsync(sql);
            await connection.ExecuteAsync("INSERT INTO schema_version VALUES (@version, @name, 0)", new { version, name });
        }
    }

    /// <summary>A row of every table that holds rows of an account or a provider, as the version before wrote them.</summary>
    private static async Task AddMarketAndAccountRowsAsync(DbConnection connection, bool profiles)
    {
        await connection.ExecuteAsync("""
            INSERT INTO country (id, code) VALUES (1, 'ru');
            INSERT INTO operator (id, name, key) VALUES (1, 'Virtual1', 'virtual1');
            INSERT INTO product (id, name, key) VALUES (1, 'telegram', 'telegram');
            INSERT INTO series (id, product_id, country_id, operator_id, sources) VALUES (1, 1, 1, 1, 3);
            INSERT INTO sweep (id, kind, plan, started_at, finished_at) VALUES (1, 'prices', 'guest/prices', 1000, 2000),
                (2, 'account', 'account', 3000, 4000), (3, 'reports', 'reports job', 5000, 6000);
            INSERT INTO price_change VALUES (1, 1767225600000, 4118, 10, 1);
            INSERT INTO price_latest (series_id, price, qty, changed_at, sweep_id, recorded_qty) VALUES (1, 4118, 10, 1767225600000, 1, 10);
            INSERT INTO orders (id, phone, country, operator, product, price, status, created_at, expires_at, first_seen_at, updated_at)
                VALUES (1, '7900', 'ru', 'virtual1', 'telegram', 4118, 'FINISHED', 1000, 2000, 1100, 1200),
                       (2, '7901', 'ru', 'virtual1', 'telegram', 4118, 'PENDING', 3000, NULL, 3100, 3100);
            INSERT INTO order_sms (order_id, seq, created_at, code, text, sender) VALUES (1, 0, 1500, '012345', 'code 012345', 'Telegram');
            INSERT INTO payments (id, type, provider, amount, balance, created_at, first_seen_at) VALUES (1, 'charge', 'admin', -4118, 95882, 1000, 1100);
            INSERT INTO order_notice (order_id, sms, status) VALUES (1, 1, 'FINISHED');
            """);
        if (profiles)
            await connection.ExecuteAsync("""
                INSERT INTO profile_history (observed_at, user_id, email, balance, rating, default_operator, sweep_id)
                VALUES (3500, 76, 'old@example.com', 100000, '0', NULL, 2), (3600, 77, 'new@example.com', 95882, '0', 'any', 2);
                """);
        await AddRowsTheDemoLacksAsync(connection, 1);
    }

    /// <summary>A bought and a dry-run intent, a rule's pause and an alert's state (the demo run has only bought intents).</summary>
    private static Task<int> AddRowsTheDemoLacksAsync(DbConnection connection, long boughtOrder) => connection.ExecuteAsync("""
        INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, order_id, created_at)
        VALUES ('tg', 'tg:Live:2026-01-01:99', 'Live', '2026-01-01', 'ru', 'virtual1', 'telegram', 4118, 4118, 'Bought',
                CASE WHEN EXISTS (SELECT 1 FROM buy_intent WHERE order_id = @boughtOrder) THEN NULL ELSE @boughtOrder END, 1000),
               ('tg', 'tg:DryRun:2026-01-01:1', 'DryRun', '2026-01-01', 'ru', 'virtual1', 'telegram', 4118, 4118, 'DryRun', NULL, 1000);
        INSERT INTO rule_pause (rule, reason, paused_at, until) VALUES ('tg', 'insufficient balance', 1000, 9999999999999);
        INSERT INTO rule_alert (rule, country, operator, product, active, price, alerted_at, false_since, updated_at)
        VALUES ('cheap', 'ru', 'virtual1', 'telegram', 1, 4118, 1000, NULL, 1000);
        """, new { boughtOrder });

    private static async Task<((long Id, string BaseUrl, string Name) Provider, (long Id, string External, string? Email) Account)> OwnersAsync(
        DbConnection connection) =>
        (await connection.QuerySingleAsync<(long, string, string)>("SELECT id, base_url, name FROM provider"),
         await connection.QuerySingleAsync<(long, string, string?)>("SELECT id, external_id, email FROM account ORDER BY last_seen_at DESC, id DESC LIMIT 1"));

    /// <summary>Every row of a provider's or an account's is the migrated owner's; job runs asked no provider; guest sweeps no account.</summary>
    private static async Task AssertEveryRowOwnedAsync(DbConnection connection, long provider, long account)
    {
        foreach (var table in new[] { "orders", "order_sms", "payments", "order_notice", "rule_pause" })
            Assert.Equal((table, 0L), (table, await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {table} WHERE account_id IS NULL OR account_id <> @account", new { account })));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM buy_intent WHERE account_id <> @account", new { account }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM buy_intent WHERE mode = 'Live' AND account_id IS NULL"));
        foreach (var table in new[] { "series", "rule_alert" })
            Assert.Equal((table, 0L), (table, await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {table} WHERE provider_id IS NULL OR provider_id <> @provider", new { provider })));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM sweep
            WHERE (kind IN ('reports', 'maintenance')) = (provider_id IS NOT NULL) OR (kind = 'account') <> (account_id IS NOT NULL)
               OR provider_id <> @provider OR account_id <> @account
            """, new { provider, account }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM account WHERE provider_id <> @provider", new { provider }));
    }

    /// <summary>
    /// Every row of every table, as text, column by column in a fixed order; with <paramref name="like"/>, the same tables
    /// and only the columns they had then (what migration 9 adds is checked apart).
    /// </summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(TestServices services,
        Dictionary<string, List<string>>? like = null)
    {
        await using var connection = await services.OpenAsync();
        var tables = like?.Keys.ToList() ?? [.. await connection.QueryAsync<string>(services.Storage == StorageProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version'"
            : "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'schema_version'")];
        var rows = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            var columns = like is null ? await ColumnsAsync(connection, table) : like[table][0].Split('|').ToList();
            var lines = new List<string> { string.Join('|', columns) };
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
                values.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            lines.AddRange(values.Order(StringComparer.Ordinal));
            rows[table] = lines;
        }
        return rows;
    }

    private static void AssertUnchanged(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        // One line per row, named by its table, so a difference says where it is.
        static IEnumerable<string> Lines(Dictionary<string, List<string>> tables) =>
            tables.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.Select(row => $"{t.Key}: {row}"));
        Assert.Equal(Lines(before), Lines(after));
    }

    private static async Task<List<string>> ColumnsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }
}
