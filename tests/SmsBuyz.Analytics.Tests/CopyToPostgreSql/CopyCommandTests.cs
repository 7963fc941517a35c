using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Cli;
using SmsBuyz.Analytics.CopyToPostgreSql;
using SmsBuyz.Analytics.Market.Retention;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.CopyToPostgreSql;

/// <summary>
/// <c>copy-to-postgresql</c>: a SQLite database the app filled (sweeps of the sandbox over four days, a bought order with
/// its code, payments, maintenance's rollups and cutoffs, and the auto-buy tables) arrives whole in PostgreSQL; a
/// target that holds rows is refused; a failure part-way leaves the target empty.
/// </summary>
[StartEarly(20)]
public sealed class CopyCommandTests
{
    private const string Password = "pw-NEVER-SHOWN-7d1e";

    [PostgresFact]
    public async Task Copy_DatabaseWithEveryTableFilled_EveryRowArrivesCountsAndChecksumAgreeAndIdsContinue()
    {
        await using var env = await FilledSourceAsync();
        await using var target = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var cli = new CliHarness();

        var result = await cli.RunAsync("copy-to-postgresql", "--config", cli.ConfigPath, "--database", env.Services.DatabasePath,
            "--to", WithPassword(target.ConnectionString), "--batch", "40");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stderr);
        await using var source = await env.Services.OpenAsync();
        await using var copy = await target.OpenAsync();
        foreach (var table in PostgreSqlCopy.Tables.Append("market_version"))
        {
            var rows = await RowsAsync(source, table, source);
            Assert.True(rows.Count > 0, $"the source's {table} is empty: the round trip would not prove that table");
            Assert.Equal(rows, await RowsAsync(copy, table, source));
            if (table != "market_version") // the target's own row, set to the source's version
                Assert.Matches($@"(?m)^  {table} +{rows.Count.ToString("N0", CultureInfo.InvariantCulture)}$", result.Stdout.ReplaceLineEndings("\n"));
        }
        // Change points in batches of 40, each with a progress line; every table says it is done.
        var changes = await source.ExecuteScalarAsync<long>("SELECT count(*) FROM price_change");
        Assert.True(changes > 80, $"{changes} change points: too few for several batches");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"price_change: 40 / {changes:N0} rows ("), result.Stderr, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"price_change: {changes:N0} / {changes:N0} rows (100 %)"), result.Stderr, StringComparison.Ordinal);
        Assert.Matches("latest state SHA-256: [0-9a-f]{64} ", result.Stdout);
        // The password is in neither output, though the connection string carried one.
        Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"to 127.0.0.1:{target.Server.Port}/{target.Name} as postgres", result.Stdout, StringComparison.Ordinal);
        // Identity columns go on after the copied ids, and the configured SQLite database was never created.
        foreach (var table in new[] { "sweep", "buy_intent", "country" })
        {
            var max = await source.ExecuteScalarAsync<long>($"SELECT max(id) FROM {table}");
            Assert.Equal(max + 1, await copy.ExecuteScalarAsync<long>(table switch
            {
                "sweep" => "INSERT INTO sweep (kind, plan, started_at) VALUES ('prices', 'after copy', 1) RETURNING id",
                "buy_intent" => """
                    INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at)
                    VALUES ('r', 'after-copy', 'DryRun', '2026-01-19', 'ru', 'any', 'telegram', 1, 1, 'DryRun', 1) RETURNING id
                    """,
                _ => "INSERT INTO country (code) VALUES ('zz') RETURNING id",
            }));
        }
        Assert.False(File.Exists(cli.DatabasePath));
    }

    /// <summary>
    /// The form without arguments: the source is Storage:Database, the target Storage:ConnectionString, before the
    /// switch (Storage:Provider Sqlite) as after it (PostgreSql), where one of the two keys belongs to the provider not
    /// in use. Neither is refused.
    /// </summary>
    [Theory]
    [PostgresData(StorageProvider.Sqlite)]
    [PostgresData(StorageProvider.PostgreSql)]
    public async Task Copy_NoArguments_ReadsStorageDatabaseAndConnectionStringWithEitherProvider(StorageProvider provider)
    {
        await using var env = await FilledSourceAsync(days: 1);
        await using var target = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var cli = new CliHarness(new
        {
            Storage = new { Provider = provider.ToString(), Database = env.Services.DatabasePath, ConnectionString = target.ConnectionString },
        });

        var result = await cli.RunAsync("copy-to-postgresql", "--config", cli.ConfigPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Stderr);
        Assert.Contains($"copied {env.Services.DatabasePath} to 127.0.0.1:{target.Server.Port}/{target.Name}", result.Stdout, StringComparison.Ordinal);
        await using var source = await env.Services.OpenAsync();
        await using var copy = await target.OpenAsync();
        foreach (var table in new[] { "sweep", "price_change", "orders" })
            Assert.Equal(await source.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"), await copy.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
    }

    [PostgresFact]
    public async Task Copy_TargetHoldsRows_RefusedNamingTheFirstTableWithRowsAndNothingWritten()
    {
        await using var env = await FilledSourceAsync(days: 1);
        await using var target = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var cli = new CliHarness();
        await using (var services = await new TestServices(StorageProvider.PostgreSql,
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = target.ConnectionString }).MigrateAsync())
        await using (var connection = await services.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO orders (id, price, status, first_seen_at, updated_at) VALUES (1, 100, 'FINISHED', 1, 1);
                INSERT INTO sweep (kind, plan, started_at) VALUES ('prices', 'an earlier worker', 1);
                """);

        var result = await cli.RunAsync("copy-to-postgresql", "--config", cli.ConfigPath, "--database", env.Services.DatabasePath,
            "--to", target.ConnectionString);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains("is not empty: sweep has rows", result.Stderr, StringComparison.Ordinal);
        await using var copy = await target.OpenAsync();
        Assert.Equal((1L, 1L, 0L, 0L), await copy.QuerySingleAsync<(long, long, long, long)>("""
            SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM sweep), (SELECT count(*) FROM country), (SELECT count(*) FROM price_change)
            """));
    }

    /// <summary>
    /// Rows SQLite took that PostgreSQL refuses, in tables copied late: an order notice of an order that does not exist
    /// (SQLite checks references only while foreign_keys is on), an amount stored as a fraction in an integer column.
    /// </summary>
    [Theory]
    [PostgresData("INSERT INTO order_notice (order_id, sms, status) VALUES (987654321, 0, 'PENDING')", "order_notice")]
    [PostgresData("UPDATE payments SET amount = 1.5 WHERE id = (SELECT max(id) FROM payments)", "payments.amount holds 1.5")]
    public async Task Copy_RowTheTargetRefusesLateInTheCopy_RolledBackAndTheTargetLeftEmpty(string corruption, string named)
    {
        await using var env = await FilledSourceAsync(days: 1);
        await using var target = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var cli = new CliHarness();
        await using (var raw = new SqliteConnection($"Data Source={env.Services.DatabasePath}"))
            await raw.ExecuteAsync("PRAGMA foreign_keys = OFF; " + corruption);

        var result = await cli.RunAsync("copy-to-postgresql", "--config", cli.ConfigPath, "--database", env.Services.DatabasePath,
            "--to", target.ConnectionString);

        Assert.Equal(ExitCodes.PartialFailure, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was copied (the target's one transaction was rolled back)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("price_change: ", result.Stderr, StringComparison.Ordinal); // the change points had gone over: rolled back with the rest
        await using var copy = await target.OpenAsync();
        foreach (var table in PostgreSqlCopy.Tables)
            Assert.True(await copy.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}") == 0, $"{table} kept rows after the rollback");
        // Run again once the source is repaired: the target is as empty as before, so the copy simply succeeds.
        await using (var raw = new SqliteConnection($"Data Source={env.Services.DatabasePath}"))
            await raw.ExecuteAsync("DELETE FROM order_notice WHERE order_id = 987654321; UPDATE payments SET amount = 15000 WHERE amount = 1.5");
        Assert.Equal(ExitCodes.Ok, (await cli.RunAsync("copy-to-postgresql", "--config", cli.ConfigPath, "--database", env.Services.DatabasePath,
            "--to", target.ConnectionString)).ExitCode);
    }

    [Theory]
    [InlineData("--database", "missing.db", "there is no SQLite database at")]
    [InlineData("--to", "Host=db.example.com;Password=" + Password + ";Databse=smsbuyz", "--to: Databse is not an Npgsql connection string keyword")]
    [InlineData("--to", "Host=db.example.com;Password=" + Password, "--to must name the database with Database=")]
    [InlineData("--batch", "0", "--batch must be at least 1")]
    public async Task Copy_BadArgument_Exit2NamingItWithoutShowingThePassword(string option, string value, string message)
    {
        using var cli = new CliHarness();
        // A source that exists and a target that parses, so that each case fails on its own option alone.
        var source = await new TestServices(new Dictionary<string, string?> { ["Storage:Database"] = cli.PathOf("source.db") }).MigrateAsync();
        await source.DisposeAsync();
        var arguments = new Dictionary<string, string>
        {
            ["--database"] = cli.PathOf("source.db"), ["--to"] = "Host=127.0.0.1;Database=x", ["--batch"] = "10",
            [option] = option == "--database" ? cli.PathOf(value) : value,
        };
        string[] args = ["copy-to-postgresql", "--config", cli.ConfigPath, .. arguments.SelectMany(a => new[] { a.Key, a.Value })];

        var result = await cli.RunAsync(args);

        Assert.Equal(ExitCodes.BadConfiguration, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.PathOf("missing.db")));
    }

    private static string WithPassword(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Password = Password }.ToString();

    /// <summary>
    /// The app's own writes: a bought order with its code, then sweeps of the sandbox every 3 hours for
    /// <paramref name="days"/> days (market, profile, orders, payments), maintenance that rolls up and prunes the raw
    /// points older than a day; then the tables only auto-buy writes, by SQL.
    /// </summary>
    private static async Task<SandboxEnvironment> FilledSourceAsync(int days = 4)
    {
        var env = await SandboxEnvironment.StartAsync(new SandboxOptions { Countries = 3, Products = 4, ApiKey = "copy-test-key" }, sandbox =>
        {
            var settings = new Dictionary<string, string?> { ["Retention:RawDays"] = "1", ["Retention:HourlyDays"] = "2", ["Monitor:Operators:0"] = "any" };
            foreach (var (country, i) in sandbox.State.CurrentOffers().Select(o => o.CountryIso).Distinct().Select((c, i) => (c, i)))
                settings[$"Monitor:Countries:{i}"] = country;
            settings["Monitor:Products:0"] = "*";
            return settings;
        });
        var offer = env.Sandbox.State.CurrentOffers().First(o => o.Qty > 0);
        var bought = await env.Services.Get<SmsBuyzClient>().BuyActivationAsync(offer.CountryIso, offer.Operator, offer.Product, CancellationToken.None);
        env.Sandbox.State.DeliverSms(bought.Id, "012345");
        for (var sweep = 0; sweep < days * 8; sweep++)
        {
            var summary = await env.SweepAsync();
            Assert.True(summary.Succeeded, string.Join("\n", summary.Failures));
            env.Services.Time.Advance(TimeSpan.FromHours(3));
        }
        await env.Services.Get<MaintenanceRunner>().RunAsync(CancellationToken.None);
        await using var connection = await env.Services.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, order_id, created_at, sent_at, resolved_at)
                VALUES ('cheap', 'k1', 'Live', '2026-01-15', @country, @operator, @product, 9000, @price, 'Bought', @order, 1, 2, 3);
            INSERT INTO buy_intent (rule, idem_key, mode, day, country, operator, product, max_price, reserved, state, created_at, error, error_kind)
                VALUES ('cheap', 'k2', 'Live', '2026-01-15', @country, @operator, @product, 9000, 0, 'Failed', 4, 'no free phones', 'NoNumbers');
            INSERT INTO rule_pause (rule, reason, paused_at, until) VALUES ('cheap', 'three failures in a row', 5, 6);
            INSERT INTO order_notice (order_id, sms, status) VALUES (@order, 1, 'RECEIVED');
            INSERT INTO rule_alert (rule, country, operator, product, active, price, alerted_at, false_since, updated_at)
                VALUES ('watch', @country, 'any', @product, 1, @price, 7, NULL, 8);
            INSERT INTO sweep_error (sweep_id, at, target, kind, message) VALUES (1, 9, 'guest/prices', 'Network', 'connection "reset" \ by peer');
            """, new { country = offer.CountryIso, @operator = offer.Operator, product = offer.Product, price = Money.ToUnits(offer.Price), order = bought.Id });
        return env;
    }

    /// <summary>Every row of <paramref name="table"/> in primary-key order, each value as text (null apart).</summary>
    private static async Task<List<string>> RowsAsync(DbConnection connection, string table, DbConnection sqlite)
    {
        var columns = (await sqlite.QueryAsync<(string Name, long Pk)>($"SELECT name, pk FROM pragma_table_info('{table}') ORDER BY cid")).ToList();
        var key = string.Join(", ", columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => $"\"{c.Name}\""));
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM {table} ORDER BY {key}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }
}
