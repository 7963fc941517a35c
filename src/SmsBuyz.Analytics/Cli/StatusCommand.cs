using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

/// <summary>
/// <c>status</c>: mode, kill switch, balance, today's spend per rule, open orders (refreshed from the API first, as
/// <c>orders</c> does, so that both agree), every stored account with its last known balance and open orders (those
/// of one provider with <c>--provider</c>), paused rules, unsettled buys.
/// </summary>
public static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var provider = ProviderOption.Create();
        var command = new Command("status",
            "Show the auto-buy state: mode, balance, spend today per rule, open orders, each account's last known balance, paused rules.") { provider };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => RunAsync(services, parse.GetValue(provider), stdout, stderr, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string? providerName, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // An unknown name fails before anything is asked of the API.
        var only = await ProviderOption.ResolveAsync(services, providerName, ct);
        var global = services.GetRequiredService<IOptionsMonitor<AutoBuyOptions>>().CurrentValue;
        var rules = services.GetRequiredService<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
        var killSwitch = services.GetRequiredService<KillSwitch>();
        var intents = services.GetRequiredService<IntentStore>();
        var client = services.GetRequiredService<SmsBuyzClient>();
        var identities = services.GetRequiredService<Identities>();
        string balance;
        try
        {
            balance = "unknown (no API key)";
            if (client.HasApiKey)
            {
                // The profile names the account whose open orders, pauses and unsettled buys are shown.
                var profile = await client.GetProfileAsync(ct);
                await identities.LearnAsync(profile, ct);
                balance = Money.Format(profile.Balance);
            }
            // The open orders counted below are the provider's now, as `orders` lists them.
            await OrdersRefresh.RunAsync(services, stderr, ct);
        }
        catch (SmsBuyzApiException ex)
        {
            balance = $"unknown ({ex.Kind})";
            await OrdersRefresh.NotRefreshedAsync(stderr, ex.Kind);
        }
        var account = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, identities.Account, ct);
        await stdout.WriteLineAsync($"mode: {global.Mode}; kill switch: {(killSwitch.IsOn ? $"ON ({killSwitch.Path})" : "off")}; balance: {balance}"
            + (identities.Account is { } known ? $"; account: {known}" : ""));
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
            var u = await intents.UsageAsync(name, global.Mode, identities.Account, ct);
            await stdout.WriteLineAsync($"  {name}: {u.OrdersToday} order(s), {Money.Format(u.SpentToday)} spent today; {u.OrdersTotal} order(s) in total"
                + (u.LastBuyAt is { } last ? $"; last {last:u}" : ""));
        }
        await AccountsAsync(services, only, stdout, ct);
        foreach (var (rule, reason, until, at) in await intents.PausesAsync(ct))
            await stdout.WriteLineAsync($"paused: {rule} at account {at} until {until:u}: {reason}");
        foreach (var open in await intents.UnresolvedAsync(null, ct))
            await stdout.WriteLineAsync($"unsettled buy: intent {open.Id} ({open.Rule}) {open.State}, sent {open.SentAt:u}; no new buys until reconciled");
        await SweepsAsync(services, stdout, ct);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Every stored account (or one provider's) with its last known balance: the profile its latest account sweep stored
    /// (the balance on the first line is read now, from the default provider, and not stored).
    /// </summary>
    private static async Task AccountsAsync(IServiceProvider services, ProviderRef? only, TextWriter stdout, CancellationToken ct)
    {
        var accounts = await services.GetRequiredService<ReportQueries>().AccountsAsync(only, ct);
        await stdout.WriteLineAsync(accounts.Count == 0 ? $"accounts{(only is null ? "" : $" at {only.Name}")}: none stored yet"
            : $"accounts{(only is null ? "" : $" at {only.Name}")} (balance as the last account sweep read it, UTC):");
        foreach (var a in accounts)
            await stdout.WriteLineAsync($"  {a.Name}: balance {a.BalanceText}; open orders: {a.OpenOrders}");
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
