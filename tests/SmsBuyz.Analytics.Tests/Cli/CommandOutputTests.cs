using Dapper;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Cli;

/// <summary>Command output a person reads: amounts one way, counts labelled, "recent" by time, headers on tables.</summary>
public sealed class CommandOutputTests
{
    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Status_AmountsTypedAnyWay_PrintedWithTheApisPrecisionAndCountsLabelled(StorageProvider provider)
    {
        using var cli = new CliHarness(provider, new { AutoBuy = new { DailyBudget = 3.0, KillSwitchFile = "no-such-stop-file" } });

        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("spent today (UTC, DryRun): 0.00 of DailyBudget 3.00;", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("manual: 0 order(s), 0.00 spent today; 0 order(s) in total", status.Stdout, StringComparison.Ordinal);
        // Only PostgreSQL has workers to tell apart.
        Assert.Equal(provider == StorageProvider.PostgreSql, status.Stdout.Contains("buyer: none (no worker holds the buyer lease", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Status_SeveralWorkers_NamesTheProcessThatBuys()
    {
        using var cli = new CliHarness(StorageProvider.PostgreSql, new { AutoBuy = new { KillSwitchFile = "no-such-stop-file" } });
        await using var worker = await cli.ServicesAsync();
        var lease = worker.Get<SmsBuyz.Analytics.AutoBuy.BuyerLease>();
        Assert.True(await lease.RenewAsync(CancellationToken.None));

        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);

        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"buyer: smsbuyz-buyer pid {Environment.ProcessId} on {Environment.MachineName} (since ", status.Stdout, StringComparison.Ordinal);
        await lease.DisposeAsync();
    }

    [Theory, InlineData(StorageProvider.Sqlite), PostgresData(StorageProvider.PostgreSql)]
    public async Task Orders_MostRecent_SortedByCreationTimeNotByIdWithAHeaderAndCodesInArrivalOrder(StorageProvider provider)
    {
        using var cli = new CliHarness(provider);
        Assert.Equal(0, (await cli.RunAsync("orders", "--config", cli.ConfigPath)).ExitCode);
        await using (var connection = await cli.OpenAsync())
        {
            // Orders belong to an account: one of a provider no request goes to.
            await connection.ExecuteAsync("INSERT INTO provider (base_url, name, first_seen_at) VALUES ('https://orders.invalid/v1', 'test', 0)");
            var account = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO account (provider_id, external_id, first_seen_at, last_seen_at)
                SELECT id, '1', 0, 0 FROM provider WHERE base_url = 'https://orders.invalid/v1' RETURNING id
                """);
            // Provider ids are not in time order: 900 was created last.
            foreach (var (id, created) in new[] { (900L, 3_000_000L), (100L, 1_000_000L), (500L, 2_000_000L) })
                await connection.ExecuteAsync("""
                    INSERT INTO orders (id, country, operator, product, price, status, created_at, first_seen_at, updated_at, account_id)
                    VALUES (@id, 'ru', 'any', 'telegram', 4100, 'FINISHED', @created, @created, @created, @account)
                    """, new { id, created, account });
            // Written out of order: the listing shows them by position, as they came.
            await connection.ExecuteAsync("""
                INSERT INTO order_sms (order_id, seq, created_at, code, account_id) VALUES (900, 1, 3060000, '2222', @account), (900, 0, 3030000, '0111', @account)
                """, new { account });
        }

        var orders = await cli.RunAsync("orders", "--limit", "2", "--config", cli.ConfigPath);

        var lines = orders.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The account the orders are listed under, with its balance (no account sweep stored one).
        Assert.Equal("account 1 at test: balance unknown (no account sweep yet); open orders: 0", lines[0]);
        Assert.StartsWith("id\tstatus\tproduct", lines[1], StringComparison.Ordinal);
        Assert.Equal(["900", "500"], lines.Skip(2).Select(l => l.Split('\t')[0]));
        Assert.Equal("0.41", lines[2].Split('\t')[5]);
        Assert.Equal("0111 2222", lines[2].Split('\t')[8].TrimEnd());
    }
}
