using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>status</c>: mode, kill switch, balance, today's spend per rule, open orders (refreshed from the API first, as
/// <c>orders</c> does, so that both agree), paused rules, unsettled buys.
/// </summary>
public static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("status", "Show the auto-buy state: mode, balance, spend today per rule, open orders, paused rules.");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => RunAsync(services, stdout, stderr, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var global = services.GetRequiredService<IOptionsMonitor<AutoBuyOptions>>().CurrentValue;
        var rules = services.GetRequiredService<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
        var killSwitch = services.GetRequiredService<KillSwitch>();
        var intents = services.GetRequiredService<IntentStore>();
        var client = services.GetRequiredService<SmsBuyzClient>();
        string balance;
        try
        {
            balance = client.HasApiKey ? Money.Format((await client.GetProfileAsync(ct)).Balance) : "unknown (no API key)";
            // The open orders counted below are the provider's now, as `orders` lists them.
            await OrdersRefresh.RunAsync(services, stderr, ct);
        }
        catch (SmsBuyzApiException ex)
        {
            balance = $"unknown ({ex.Kind})";
            await OrdersRefresh.NotRefreshedAsync(stderr, ex.Kind);
        }
        var account = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, ct);
        await stdout.WriteLineAsync($"mode: {global.Mode}; kill switch: {(killSwitch.IsOn ? $"ON ({killSwitch.Path})" : "off")}; balance: {balance}");
        await stdout.WriteLineAsync($"spent today (UTC, {global.Mode}): {Money.Format(account.SpentToday)}"
            + (global.DailyBudget is { } b ? $" of DailyBudget {Money.Format(b)}" : "")
            + $"; open orders: {account.OpenOrders} of MaxOpenOrders {global.MaxOpenOrders}");
        var lease = services.GetRequiredService<BuyerLease>();
        if (!lease.AlwaysHeld)
        {
            // Several workers may share the database; one of them buys, and it may move.
            var holder = await lease.HolderAsync(ct);
            await stdout.WriteLineAsync(holder is { } h
                ? $"buyer: {h.Name} (since {new DateTimeOffset(DateTime.SpecifyKind(h.Since, DateTimeKind.Utc)):u})"
                : "buyer: none (no worker holds the buyer lease: nothing is bought until one does)");
        }
        foreach (var name in rules.Select(r => r.Name).Append(ManualCommands.ManualRule))
        {
            var u = await intents.UsageAsync(name, global.Mode, ct);
            await stdout.WriteLineAsync($"  {name}: {u.OrdersToday} order(s), {Money.Format(u.SpentToday)} spent today; {u.OrdersTotal} order(s) in total"
                + (u.LastBuyAt is { } last ? $"; last {last:u}" : ""));
        }
        foreach (var (rule, reason, until) in await intents.PausesAsync(ct))
            await stdout.WriteLineAsync($"paused: {rule} until {until:u}: {reason}");
        foreach (var open in await intents.UnresolvedAsync(ct))
            await stdout.WriteLineAsync($"unsettled buy: intent {open.Id} ({open.Rule}) {open.State}, sent {open.SentAt:u}; no new buys until reconciled");
        await SweepsAsync(services, stdout, ct);
        return ExitCodes.Ok;
    }

    /// <summary>The latest sweep of each kind and the week's interrupted ones (closed here first if their process is gone).</summary>
    private static async Task SweepsAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        await services.GetRequiredService<InterruptedSweeps>().EnsureAsync(ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var (latest, interrupted) = await services.GetRequiredService<SweepStore>().RecentAsync(now.AddDays(-7), ct);
        await stdout.WriteLineAsync(latest.Count == 0 ? "sweeps: none yet" : "latest sweep of each kind (UTC):");
        foreach (var sweep in latest)
            await stdout.WriteLineAsync($"  {sweep}");
        if (interrupted.Count > 0)
            await stdout.WriteLineAsync($"interrupted sweeps in the last 7 days: {interrupted.Count} (their process ended mid-way; counts as saved):");
        foreach (var sweep in interrupted.Take(5))
            await stdout.WriteLineAsync($"  {sweep}");
    }
}
