using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>buy</c>, <c>cancel</c>, <c>finish</c>, <c>ban</c>: manual actions. A manual buy takes the auto-buy path
/// (rule "manual": reconcile first, re-check, intent with the global budget, sent once, tracked by the worker).
/// Each announces what it did like the worker does, and delivers it to the webhook before the process exits.
/// </summary>
public static class ManualCommands
{
    public const string ManualRule = "manual";

    private static readonly Option<string> Country = new("--country") { Description = "Country: ISO code or name, e.g. ru or russia", Required = true };
    private static readonly Option<string> Product = new("--product") { Description = "Product, e.g. telegram", Required = true };
    private static readonly Option<string> Operator = new("--operator") { Description = "Operator, or any (the cheapest in stock)", DefaultValueFactory = _ => "any" };
    private static readonly Option<decimal> MaxPrice = new("--max-price") { Description = "Buy only at or below this price", Required = true };
    private static readonly Argument<long> OrderId = new("order-id") { Description = "The order's id" };

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        var buy = new Command("buy", "Buy one number now through the auto-buy safety path (needs AutoBuy:Mode Live; DryRun only says what it would buy).")
            { Country, Product, Operator, MaxPrice };
        buy.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, Delivering((services, token) =>
            BuyAsync(services, parse.GetValue(Country)!, parse.GetValue(Operator)!, parse.GetValue(Product)!, parse.GetValue(MaxPrice), stdout, token)), ct));
        yield return buy;
        yield return Action("cancel", "Cancel a PENDING order (full refund).", (c, id, ct) => c.CancelAsync(id, ct), stdout, stderr);
        yield return Action("finish", "Finish a RECEIVED order.", (c, id, ct) => c.FinishAsync(id, ct), stdout, stderr);
        yield return Action("ban", "Ban the order's number (PENDING or RECEIVED).", (c, id, ct) => c.BanAsync(id, ct), stdout, stderr);
    }

    private static async Task<int> BuyAsync(IServiceProvider services, string country, string op, string product, decimal maxPrice,
        TextWriter stdout, CancellationToken ct)
    {
        var iso = GlobalOptions.ParseCountry(country);
        var rule = new RuleOptions { Name = ManualRule, Product = product.Trim(), Countries = [iso], Operators = [op.Trim()], MaxPrice = maxPrice };
        var prices = await services.GetRequiredService<SmsBuyzClient>().GetPricesAsync(OfferNames.ProductKey(product), iso, ct);
        var offers = prices.Offers.Select(o => new Candidate(OfferNames.CountryKey(o.Country), o.Operator, o.Product, o.Cost, o.Count))
            .Where(c => rule.Covers(c.Country, c.Operator, c.Product)).ToList();
        var decision = await services.GetRequiredService<RuleDecider>().DecideAsync(rule, offers, ct);
        if (!decision.Fires)
        {
            await stdout.WriteLineAsync($"not bought: {decision.WhyNot}");
            return ExitCodes.PartialFailure;
        }
        // The user's own buy: not fenced by the workers' buyer lease, but ordered with their buys by the reservation lock.
        var result = await services.GetRequiredService<Buyer>().TryBuyAsync(rule, decision.Matches, term: null, ct);
        await stdout.WriteLineAsync(result.Outcome switch
        {
            BuyOutcome.Bought => $"bought order {result.OrderId}: {result.Message}; the worker tracks it (see `orders`)",
            BuyOutcome.DryRun => $"dry-run (AutoBuy:Mode is not Live): would buy {result.Message}",
            _ => $"{result.Outcome}: {result.Message}",
        });
        return result.Outcome is BuyOutcome.Bought or BuyOutcome.DryRun ? ExitCodes.Ok : ExitCodes.PartialFailure;
    }

    private static Command Action(string name, string description, Func<SmsBuyzClient, long, CancellationToken, Task<Order>> send,
        TextWriter stdout, TextWriter stderr)
    {
        var command = new Command(name, description) { OrderId };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, Delivering(async (services, token) =>
        {
            var client = services.GetRequiredService<SmsBuyzClient>();
            var id = parse.GetValue(OrderId);
            AccountRef account;
            try
            {
                // The order is the API key's account's: known before anything is sent, so what comes back is stored under it.
                account = await services.GetRequiredService<Identities>().AccountAsync(token);
            }
            catch (SmsBuyzApiException ex)
            {
                await stderr.WriteLineAsync($"error: {name} {id}: the account could not be read, nothing was sent: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            Order order;
            try
            {
                order = await send(client, id, token);
            }
            catch (SmsBuyzApiException ex) when (ex.OutcomeUnknown)
            {
                // Sent once: whether it happened is read back, never found out by sending it again.
                order = await client.CheckAsync(id, token);
                await stderr.WriteLineAsync($"note: {name} answer lost ({ex.Kind}); the order now reads:");
            }
            catch (SmsBuyzApiException ex)
            {
                await stderr.WriteLineAsync($"error: {name} {id}: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            // Stored and announced as the worker's tracker does, which then does not announce it again.
            await services.GetRequiredService<OrderTracker>().RecordActionAsync(account, order, token);
            await stdout.WriteLineAsync($"order {order.Id}: {order.Status}" + (order.HasCode ? $", codes {string.Join(' ', order.Sms.Select(s => s.Code))}" : ""));
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    /// <summary>The command's body, then the delivery of the events it published (bounded; what is left is logged).</summary>
    private static Func<IServiceProvider, CancellationToken, Task<int>> Delivering(Func<IServiceProvider, CancellationToken, Task<int>> body) =>
        async (services, ct) =>
        {
            try
            {
                return await body(services, ct);
            }
            finally
            {
                await services.GetRequiredService<WebhookSender>().DeliverPendingAsync();
            }
        };
}
