using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>orders [--limit N] [--provider NAME]</c>: open and recent orders with their codes (refreshed from the API when a key
/// is set), per account: a line naming the account and its last known balance, then its orders.
/// </summary>
public static class OrdersCommand
{
    private static readonly Option<int> Limit = new("--limit") { Description = "How many recent orders to show (over every account shown)", DefaultValueFactory = _ => 20 };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var provider = ProviderOption.Create();
        var command = new Command("orders",
            "Show open orders and the most recent ones, with their codes and the rule that bought them, per account with its balance.") { Limit, provider };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var only = await ProviderOption.ResolveAsync(services, parse.GetValue(provider), token);
            return await RunAsync(services, parse.GetValue(Limit), only, stdout, stderr, token);
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int limit, ProviderRef? only, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await OrdersRefresh.RunAsync(services, stderr, ct);
        var accounts = await services.GetRequiredService<ReportQueries>().AccountsAsync(only, ct);
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(ct);
        // Open as status and the MaxOpenOrders limit count it: not final (a status the API may add is open until it ends).
        var final = SqlList.Of(OrderStatus.Final);
        var whose = only is null ? "" : " AND o.account_id IN (SELECT a.id FROM account a WHERE a.provider_id = @provider)";
        // string_agg with its order (SQLite 3.44+, PostgreSQL): codes in the order they came; group_concat had none.
        var rows = (await connection.QueryAsync<(long Account, long Id, string Status, string? Product, string? Country, string? Operator, string? Phone, long Price, long? Created, string? Rule, string? Codes)>($"""
            SELECT o.account_id, o.id, o.status, o.product, o.country, o.operator, o.phone, o.price, o.created_at, i.rule,
                   (SELECT string_agg(s.code, ' ' ORDER BY s.seq) FROM order_sms s WHERE s.account_id = o.account_id AND s.order_id = o.id)
            FROM orders o LEFT JOIN buy_intent i ON i.account_id = o.account_id AND i.order_id = o.id
            WHERE (o.status NOT IN {final}
               OR EXISTS (SELECT 1 FROM (SELECT account_id, id FROM orders o WHERE 1 = 1{whose}
                                         ORDER BY coalesce(created_at, first_seen_at) DESC, id DESC LIMIT @limit) r
                          WHERE r.account_id = o.account_id AND r.id = o.id)){whose}
            ORDER BY o.status NOT IN {final} DESC, coalesce(o.created_at, o.first_seen_at) DESC, o.id DESC, o.account_id DESC
            """, new { limit, provider = only?.Id })).AsList();
        var byAccount = rows.ToLookup(r => r.Account);
        foreach (var (account, i) in accounts.Where(a => byAccount.Contains(a.Id)).Select((a, i) => (a, i)))
        {
            await stdout.WriteLineAsync($"{(i == 0 ? "" : "\n")}account {account.Name}: balance {account.BalanceText}; open orders: {account.OpenOrders}");
            await stdout.WriteLineAsync("id\tstatus\tproduct\tcountry/operator\tphone\tprice\tcreated (UTC)\trule\tcodes");
            foreach (var r in byAccount[account.Id])
                await stdout.WriteLineAsync(string.Join('\t', r.Id, r.Status, r.Product, $"{r.Country}/{r.Operator}", r.Phone, Money.Format(Money.FromUnits(r.Price)),
                    r.Created is { } c ? UnixMs.To(c).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "", r.Rule ?? "(outside)", r.Codes ?? ""));
        }
        if (rows.Count == 0)
            await stdout.WriteLineAsync(only is null ? "no orders stored" : $"no orders stored at {only.Name}");
        return ExitCodes.Ok;
    }
}
