using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Rules;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>status</c>: mode, kill switch, balance, today's spend per rule, open orders, paused rules, unsettled buys.</summary>
public static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("status", "Show the auto-buy state: mode, balance, spend today per rule, open orders, paused rules.");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stdout, stderr,
            (services, token) => RunAsync(services, stdout, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        var global = services.GetRequiredService<IOptionsMonitor<AutoBuyOptions>>().CurrentValue;
        var rules = services.GetRequiredService<IOptionsMonitor<RulesOptions>>().CurrentValue.Rules;
        var killSwitch = services.GetRequiredService<KillSwitch>();
        var intents = services.GetRequiredService<IntentStore>();
        var client = services.GetRequiredService<SmsBuyzClient>();
        string balance;
        try
        {
            balance = client.HasApiKey ? (await client.GetProfileAsync(ct)).Balance.ToString(CultureInfo.InvariantCulture) : "unknown (no API key)";
        }
        catch (SmsBuyzApiException ex)
        {
            balance = $"unknown ({ex.Kind})";
        }
        var account = await intents.AccountAsync(global.Mode, killSwitch.IsOn, null, ct);
        await stdout.WriteLineAsync($"mode: {global.Mode}; kill switch: {(killSwitch.IsOn ? $"ON ({killSwitch.Path})" : "off")}; balance: {balance}");
        await stdout.WriteLineAsync($"spent today (UTC, {global.Mode}): {account.SpentToday}" + (global.DailyBudget is { } b ? $" of DailyBudget {b}" : "")
            + $"; open orders: {account.OpenOrders} of MaxOpenOrders {global.MaxOpenOrders}");
        foreach (var name in rules.Select(r => r.Name).Append(ManualCommands.ManualRule))
        {
            var u = await intents.UsageAsync(name, global.Mode, ct);
            await stdout.WriteLineAsync($"  {name}: {u.OrdersToday} order(s), {u.SpentToday} spent today; {u.OrdersTotal} in total"
                + (u.LastBuyAt is { } last ? $"; last {last:u}" : ""));
        }
        foreach (var (rule, reason, until) in await intents.PausesAsync(ct))
            await stdout.WriteLineAsync($"paused: {rule} until {until:u}: {reason}");
        foreach (var open in await intents.UnresolvedAsync(ct))
            await stdout.WriteLineAsync($"unsettled buy: intent {open.Id} ({open.Rule}) {open.State}, sent {open.SentAt:u}; no new buys until reconciled");
        return ExitCodes.Ok;
    }
}
