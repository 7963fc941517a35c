using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Offers;
using SmsBuyz.Analytics.Configuration;
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
    private static readonly Option<string?> BuyProvider = new("--provider")
    {
        Description = "Buy only at this configured provider (e.g. 5sim); default: the best offer at any configured provider",
    };
    private static readonly Option<string?> OrderProvider = new("--provider")
    {
        Description = "The configured provider whose account the order is (e.g. 5sim); default: the SmsBuyz section's",
    };

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        var buy = new Command("buy", "Buy one number now through the auto-buy safety path (needs AutoBuy:Mode Live; DryRun only says what it would buy).")
            { Country, Product, Operator, MaxPrice, BuyProvider };
        buy.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, Delivering((services, token) =>
            BuyAsync(services, new RuleOptions
            {
                Name = ManualRule, Product = parse.GetValue(Product)!.Trim(), Countries = [GlobalOptions.ParseCountry(parse.GetValue(Country)!)],
                Operators = [parse.GetValue(Operator)!.Trim()], MaxPrice = parse.GetValue(MaxPrice),
                Providers = parse.GetValue(BuyProvider) is { } only ? [Configured(services, only).Provider] : [],
            }, stdout, stderr, token)), ct));
        yield return buy;
        yield return Action("cancel", "Cancel a PENDING order (full refund).", (c, id, ct) => c.CancelAsync(id, ct), stdout, stderr);
        yield return Action("finish", "Finish a RECEIVED order.", (c, id, ct) => c.FinishAsync(id, ct), stdout, stderr);
        yield return Action("ban", "Ban the order's number (PENDING or RECEIVED).", (c, id, ct) => c.BanAsync(id, ct), stdout, stderr);
    }

    private static async Task<int> BuyAsync(IServiceProvider services, RuleOptions rule, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var accounts = services.GetRequiredService<BuyingAccounts>();
        var offers = new List<Candidate>();
        foreach (var provider in accounts.Providers.Markets.Where(p => rule.BuysAt(p.Name)))
        {
            try
            {
                // Fresh prices, not the stored ones: the user buys now.
                var prices = await provider.Client.GetPricesAsync(OfferNames.ProductKey(rule.Product), rule.Countries[0], ct);
                offers.AddRange(prices.Offers.Select(o => new Candidate(OfferNames.CountryKey(o.Country), o.Operator, o.Product, o.Cost, o.Count,
                        Provider: accounts.Providers.Label(provider)))
                    .Where(c => rule.Covers(c.Country, c.Operator, c.Product)));
            }
            catch (SmsBuyzApiException ex) when (accounts.Providers.SeveralProviders)
            {
                await stderr.WriteLineAsync($"note: {provider.Name}'s prices could not be read, its offers are left out: {ex.Message}");
            }
        }
        var decision = await services.GetRequiredService<RuleDecider>().DecideAsync(rule, offers, among: null, ct);
        if (!decision.Fires)
        {
            await stdout.WriteLineAsync($"not bought: {decision.WhyNot}");
            return ExitCodes.PartialFailure;
        }
        // The user's own buy: not fenced by the workers' buyer lease, but ordered with their buys by the reservation lock.
        var result = await services.GetRequiredService<Buyer>().TryBuyAsync(rule, decision.Matches, new BuyTurn(null, accounts.All), ct);
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
        var command = new Command(name, description) { OrderId, OrderProvider };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, Delivering(async (services, token) =>
        {
            var buyer = parse.GetValue(OrderProvider) is { } provider ? Configured(services, provider) : services.GetRequiredService<BuyingAccounts>().Default;
            var client = buyer.Connection.Client;
            var id = parse.GetValue(OrderId);
            AccountRef account;
            try
            {
                // The order is the API key's account's: known before anything is sent, so what comes back is stored under it.
                account = await buyer.Connection.Identities.AccountAsync(token);
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
            await buyer.Tracker.RecordActionAsync(account, order, token);
            await stdout.WriteLineAsync($"order {order.Id}: {order.Status}" + (order.HasCode ? $", codes {string.Join(' ', order.Sms.Select(s => s.Code))}" : ""));
            return ExitCodes.Ok;
        }), ct));
        return command;
    }

    /// <summary>The first account at the configured provider <paramref name="name"/> names; an unknown name is an error listing them.</summary>
    private static BuyingAccount Configured(IServiceProvider services, string name)
    {
        var accounts = services.GetRequiredService<BuyingAccounts>();
        return accounts.Named(name) ?? throw new ConfigurationException(
            $"--provider: '{name.Trim()}' is not a configured provider; configured: {string.Join(", ", accounts.Providers.Markets.Select(p => p.Name))}");
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
