using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>The auto-buy commands through the real command line, against the sandbox over loopback.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 3, Products = 5, SmsNeverProbability = 1 });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private CliHarness Cli(string mode, object rule) => new(new
    {
        SmsBuyz = new { BaseUrl = _sandbox.BaseUrl.ToString(), ApiKey = _sandbox.Options.ApiKey },
        Monitor = new { Countries = new[] { "ru" }, Products = new[] { "telegram" } },
        AutoBuy = new { Mode = mode, KillSwitchFile = Path.Combine(Path.GetTempPath(), "smsbuyz-no-such-stop-file") },
        Rules = new[] { rule },
    });

    [Fact]
    public async Task RulesCheck_InvalidRule_Exit2NamingTheKey()
    {
        using var cli = Cli("Live", new { Name = "bad", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = -1 });

        var result = await cli.RunAsync("rules", "check", "--config", cli.ConfigPath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Rules:0:MaxPrice must be positive", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesCheck_AfterASnapshot_SaysWhichRuleWouldFireAndWhyNot()
    {
        using var cli = Cli("DryRun", new { Name = "cheap", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });
        await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        var result = await cli.RunAsync("rules", "check", "--config", cli.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("cheap: would not fire: best offer telegram ru/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("price above MaxPrice 0.001", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.State.BuyRequests);
    }

    [Fact]
    public async Task Buy_LiveThenStatusOrdersCancel_OneOrderThroughTheSafetyPath()
    {
        using var cli = Cli("Live", new { Name = "r", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });

        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "10", "--config", cli.ConfigPath);
        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);
        var orders = await cli.RunAsync("orders", "--config", cli.ConfigPath);
        // The sandbox's account is drawn per start, its ids from the account's block: a 9-10 digit id, not 1.
        var id = Assert.Single(_sandbox.State.Orders).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cancel = await cli.RunAsync("cancel", id, "--config", cli.ConfigPath);

        Assert.True(buy.ExitCode == 0, buy.Stdout + buy.Stderr);
        Assert.StartsWith($"bought order {id}:", buy.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.State.BuyRequests);
        Assert.Contains("mode: Live", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("manual: 1 order(s)", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("\tPENDING\ttelegram\tru/", orders.Stdout, StringComparison.Ordinal);
        Assert.Contains("\tmanual\t", orders.Stdout, StringComparison.Ordinal);
        Assert.Equal($"order {id}: CANCELED", cancel.Stdout.Trim());
        Assert.Equal(SandboxOrderStatus.Canceled, _sandbox.State.Orders[0].Status);
    }

    [Fact]
    public async Task Buy_DryRun_SaysWhatItWouldBuyAndSendsNothing()
    {
        using var cli = Cli("DryRun", new { Name = "r", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });

        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "10", "--config", cli.ConfigPath);

        Assert.Equal(0, buy.ExitCode);
        Assert.StartsWith("dry-run", buy.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.State.BuyRequests);
    }

    [Fact]
    public async Task Buy_CountryNameAndOperatorInOtherCase_BuysThatOfferAsTheApiSpellsIt()
    {
        using var cli = Cli("Live", new { Name = "r", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });
        var target = _sandbox.State.CurrentOffers().First(o => o.CountryIso == "ru" && o.Product == "telegram" && o.Operator.StartsWith("Virtual", StringComparison.Ordinal));
        _sandbox.State.SetOffer("ru", target.Operator, "telegram", target.Price, 100);

        var buy = await cli.RunAsync("buy", "--country", "Russia", "--product", "Telegram", "--operator", target.Operator.ToLowerInvariant(),
            "--max-price", "10", "--config", cli.ConfigPath);

        Assert.True(buy.ExitCode == 0, buy.Stdout + buy.Stderr);
        var order = Assert.Single(_sandbox.State.Orders);
        Assert.Equal(("ru", target.Operator, "telegram"), (order.CountryIso, order.Operator, order.Product));
    }

    [Theory]
    [InlineData("--country", "xx", 2, "--country: 'xx' is not a country this app knows")]
    [InlineData("--product", "nosuchapp", 1, "product not found")]
    public async Task Buy_ValueTheAppOrTheApiRefuses_OneLineNamingItNoStackTrace(string option, string value, int exitCode, string message)
    {
        using var cli = Cli("Live", new { Name = "r", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });
        string[] args = ["buy", "--country", "ru", "--product", "telegram", "--max-price", "10", "--config", cli.ConfigPath];
        args[Array.IndexOf(args, option) + 1] = value;

        var buy = await cli.RunAsync(args);

        Assert.Equal(exitCode, buy.ExitCode);
        Assert.Contains(message, buy.Stderr, StringComparison.Ordinal);
        Assert.Single(buy.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(" at ", buy.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.State.BuyRequests);
    }

    [Fact]
    public async Task RulesBacktest_WithoutFromAndTo_ReplaysTheLast30DaysAsReportDoes()
    {
        using var cli = Cli("DryRun", new { Name = "cheap", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 100 });
        Assert.Equal(0, (await cli.RunAsync("snapshot", "--config", cli.ConfigPath)).ExitCode);

        var result = await cli.RunAsync("rules", "backtest", "--config", cli.ConfigPath);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var period = Regex.Match(result.Stderr, @"backtest: (\S+ \S+) to (\S+ \S+) \(UTC\)");
        Assert.True(period.Success, result.Stderr);
        var (from, to) = (DateTimeOffset.Parse(period.Groups[1].Value, CultureInfo.InvariantCulture), DateTimeOffset.Parse(period.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromDays(30), to - from);
        Assert.InRange(DateTimeOffset.UtcNow - to, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        // The offers the snapshot stored a moment ago are in the period: the rule buys on them.
        Assert.Matches(@"(?m)^cheap\t[1-9]\d*\t", result.Stdout);
    }

    [Fact]
    public async Task RulesCheck_ProductMisspelled_NamesTheMonitoredAndStoredProductMeant()
    {
        using var cli = new CliHarness(new
        {
            SmsBuyz = new { BaseUrl = _sandbox.BaseUrl.ToString(), ApiKey = _sandbox.Options.ApiKey },
            Monitor = new { Countries = new[] { "ru" }, Products = new[] { "telegram" } },
            Rules = new[]
            {
                new { Name = "typo", Product = "telgram", Countries = new[] { "ru" }, MaxPrice = 1 },
                new { Name = "spelled-otherwise", Product = "Telegram", Countries = new[] { "ru" }, MaxPrice = 1 },
            },
        });
        Assert.Equal(0, (await cli.RunAsync("snapshot", "--config", cli.ConfigPath)).ExitCode);

        var result = await cli.RunAsync("rules", "check", "--config", cli.ConfigPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 rule(s) valid", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("typo: would not fire: no stored offer", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("    Rules:0:Product 'telgram' is neither in Monitor:Products nor among the stored offers; did you mean telegram?",
            result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Rules:1:Product", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusThenOrders_OrderCancelledAtTheProviderSinceTheBuy_BothSayNoneIsOpen()
    {
        using var cli = Cli("Live", new { Name = "r", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 0.001 });
        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "10", "--config", cli.ConfigPath);
        Assert.True(buy.ExitCode == 0, buy.Stdout + buy.Stderr);
        // Cancelled on the provider's side (its website, another tool): the stored order still says PENDING.
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _sandbox.Options.ApiKey);
            (await http.GetAsync(new Uri(_sandbox.BaseUrl, $"user/cancel/{_sandbox.State.FirstId}"))).EnsureSuccessStatusCode();
        }

        var status = await cli.RunAsync("status", "--config", cli.ConfigPath);
        var orders = await cli.RunAsync("orders", "--config", cli.ConfigPath);

        Assert.Contains("open orders: 0 of MaxOpenOrders", status.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{_sandbox.State.FirstId}\tCANCELED\ttelegram\tru/", orders.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\tPENDING\t", orders.Stdout, StringComparison.Ordinal);
    }
}
