using System.CommandLine;
using System.Globalization;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>sandbox</c>: the simulated SmsBuyz API on 127.0.0.1 until Ctrl+C.</summary>
public static class SandboxCommand
{
    public const int DefaultPort = 5099;

    private const string SmsBuyzDialect = "smsbuyz";
    private const string FiveSimDialect = "5sim";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SandboxOptions();
        var port = new Option<int>("--port") { Description = "Loopback port (0 = any free port)", DefaultValueFactory = _ => DefaultPort };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed serves the same market at the same sandbox time", DefaultValueFactory = _ => defaults.Seed };
        var countries = new Option<int>("--countries") { Description = "Number of countries (1-200)", DefaultValueFactory = _ => defaults.Countries };
        var products = new Option<int>("--products") { Description = "Number of products", DefaultValueFactory = _ => defaults.Products };
        var acceleration = new Option<double>("--acceleration") { Description = "Sandbox seconds per real second", DefaultValueFactory = _ => defaults.TimeAcceleration };
        var dialect = new Option<string>("--dialect")
        {
            Description = "Which provider's API to speak: smsbuyz (as documented) or 5sim (country names, lower-case operators, "
                + "wrapped orders, \"sms\": null, large ids, its own stock and prices that cross smsbuyz's of the same seed)",
            DefaultValueFactory = _ => SmsBuyzDialect,
        };
        dialect.AcceptOnlyFromAmong(SmsBuyzDialect, FiveSimDialect);
        var apiKey = new Option<string?>("--api-key") { Description = "The API key the sandbox accepts (default: sandbox-key, or sandbox-5sim-key with --dialect 5sim)" };
        var accountId = new Option<long?>("--account-id")
        {
            Description = "The account's id in user/profile, fixed (default: a new account at every start, with order ids of its own, "
                + "so a second run into the same database never meets the first run's ids)",
        };
        var balance = new Option<decimal>("--balance") { Description = "Starting balance", DefaultValueFactory = _ => defaults.StartingBalance };
        var faults = new Option<double>("--faults") { Description = "Share of requests (0-1) that get an injected fault", DefaultValueFactory = _ => 0 };
        var faultKinds = new Option<FaultKinds>("--fault-kinds") { Description = "Which faults, comma separated: " + string.Join(", ", Enum.GetNames<FaultKinds>()), DefaultValueFactory = _ => FaultKinds.All };
        var smsNever = new Option<double>("--sms-never") { Description = "Share of orders (0-1) whose SMS never comes", DefaultValueFactory = _ => defaults.SmsNeverProbability };
        var smsNeverOperator = new Option<string[]>("--sms-never-operator")
        {
            Description = "OPERATOR=SHARE: that operator's share of orders whose SMS never comes (repeatable), e.g. Virtual2=0.9",
            AllowMultipleArgumentsPerToken = false,
        };
        var wrapped = new Option<bool>("--wrapped-orders") { Description = "Answer user/orders as {\"Data\":[...],\"Total\":N} (5sim style) instead of a plain array (the 5sim dialect always does)" };

        var command = new Command("sandbox", "Run a simulated SmsBuyz API (or, with --dialect 5sim, a 5sim-style one) on 127.0.0.1 (Ctrl+C to stop).")
        {
            port, seed, dialect, countries, products, acceleration, apiKey, accountId, balance, faults, faultKinds, smsNever, smsNeverOperator, wrapped,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new SandboxOptions
            {
                Seed = parse.GetValue(seed),
                Dialect = parse.GetValue(dialect) == FiveSimDialect ? SandboxDialect.FiveSim : SandboxDialect.SmsBuyz,
                Countries = parse.GetValue(countries),
                Products = parse.GetValue(products),
                TimeAcceleration = parse.GetValue(acceleration),
                AccountId = parse.GetValue(accountId),
                StartingBalance = parse.GetValue(balance),
                SmsNeverProbability = parse.GetValue(smsNever),
            };
            // Unset, these follow the dialect: its own key, and 5sim's wrapped orders.
            if (parse.GetValue(apiKey) is { } key)
                options.ApiKey = key;
            if (parse.GetValue(wrapped))
                options.OrdersShape = OrdersShape.Wrapped;
            foreach (var pair in parse.GetValue(smsNeverOperator) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0].Trim().Length == 0
                    || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
                {
                    await stderr.WriteLineAsync($"error: --sms-never-operator must be OPERATOR=SHARE such as Virtual2=0.9 (got '{pair}')");
                    return ExitCodes.BadConfiguration;
                }
                options.SmsNeverProbabilityByOperator[parts[0].Trim()] = share;
            }
            options.Faults.Probability = parse.GetValue(faults);
            options.Faults.Kinds = parse.GetValue(faultKinds);
            try
            {
                await using var server = await SandboxServer.StartAsync(options, parse.GetValue(port), cancellationToken: ct);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(options.Dialect == SandboxDialect.FiveSim ? "5sim-style" : "SmsBuyz")} sandbox on {server.BaseUrl} (seed {options.Seed}, {options.Countries} countries, {options.Products} products, API key '{options.ApiKey}', account {server.State.AccountId}). Ctrl+C to stop."));
                await stdout.WriteLineAsync($"  point the app at it: SmsBuyz__BaseUrl={server.BaseUrl} SmsBuyz__ApiKey={options.ApiKey}");
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                return ExitCodes.Ok;
            }
            catch (ArgumentOutOfRangeException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadConfiguration;
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync($"error: cannot listen on 127.0.0.1:{parse.GetValue(port)}: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
        });
        return command;
    }
}
