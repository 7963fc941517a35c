using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>orders</c>: open and recent orders with their codes (refreshed from the API when a key is set).</summary>
public static class OrdersCommand
{
    private static readonly Option<int> Limit = new("--limit") { Description = "How many recent orders to show", DefaultValueFactory = _ => 20 };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("orders", "Show open orders and the most recent ones, with their codes and the rule that bought them.") { Limit };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => RunAsync(services, parse.GetValue(Limit), stdout, stderr, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, int limit, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await OrdersRefresh.RunAsync(services, stderr, ct);
        await using var connection = await services.GetRequiredService<Database>().OpenAsync(ct);
        // Open as status and the MaxOpenOrders limit count it: not final (a status the API may add is open until it ends).
        var final = SqlList.Of(OrderStatus.Final);
        // string_agg with its order (SQLite 3.44+, PostgreSQL): codes in the order they came; group_concat had none.
        var rows = await connection.QueryAsync<(long Id, string Status, string? Product, string? Country, string? Operator, string? Phone, long Price, long? Created, string? Rule, string? Codes)>($"""
            SELECT o.id, o.status, o.product, o.country, o.operator, o.phone, o.price, o.created_at, i.rule,
                   (SELECT string_agg(s.code, ' ' ORDER BY s.seq) FROM order_sms s WHERE s.account_id = o.account_id AND s.order_id = o.id)
            FROM orders o LEFT JOIN buy_intent i ON i.account_id = o.account_id AND i.order_id = o.id
            WHERE o.status NOT IN {final}
               OR EXISTS (SELECT 1 FROM (SELECT account_id, id FROM orders ORDER BY coalesce(created_at, first_seen_at) DESC, id DESC LIMIT @limit) r
                          WHERE r.account_id = o.account_id AND r.id = o.id)
            ORDER BY o.status NOT IN {final} DESC, coalesce(o.created_at, o.first_seen_at) DESC, o.id DESC, o.account_id DESC
            """, new { limit });
        await stdout.WriteLineAsync("id\tstatus\tproduct\tcountry/operator\tphone\tprice\tcreated (UTC)\trule\tcodes");
        foreach (var r in rows)
            await stdout.WriteLineAsync(string.Join('\t', r.Id, r.Status, r.Product, $"{r.Country}/{r.Operator}", r.Phone, Money.Format(Money.FromUnits(r.Price)),
                r.Created is { } c ? UnixMs.To(c).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "", r.Rule ?? "(outside)", r.Codes ?? ""));
        return ExitCodes.Ok;
    }
}
