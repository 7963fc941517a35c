using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Providers;

/// <summary>
/// <c>buy</c>, <c>rules check</c> and <c>cancel</c> through the real command line with two providers configured (the
/// <c>SmsBuyz</c> section, and <c>5sim</c> speaking 5sim's dialect): the best offer anywhere, or only where
/// <c>--provider</c> says, and every offer line naming its provider.
/// </summary>
public sealed class BuyCommandAcrossProvidersTests : IAsyncLifetime
{
    private SandboxServer _smsbuyz = null!;
    private SandboxServer _fiveSim = null!;

    public async Task InitializeAsync()
    {
        _smsbuyz = await SandboxServer.StartAsync(Options(SandboxDialect.SmsBuyz, seed: 1));
        _fiveSim = await SandboxServer.StartAsync(Options(SandboxDialect.FiveSim, seed: 2));
        SetAll(_smsbuyz, 0.40m);
        SetAll(_fiveSim, 0.90m);
    }

    public async Task DisposeAsync()
    {
        await _smsbuyz.DisposeAsync();
        await _fiveSim.DisposeAsync();
    }

    [Fact]
    public async Task Buy_WithoutProvider_BuysTheCheapestOfferAtAnyProvider()
    {
        using var cli = Cli();

        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "5", "--config", cli.ConfigPath);

        Assert.True(buy.ExitCode == 0, buy.Stdout + buy.Stderr);
        Assert.Contains("telegram ru/", buy.Stdout, StringComparison.Ordinal);
        Assert.Contains("(smsbuyz) at 0.40", buy.Stdout, StringComparison.Ordinal);
        Assert.Equal((1, 0), (_smsbuyz.State.BuyRequests, _fiveSim.State.BuyRequests));
    }

    [Fact]
    public async Task BuyAndCancel_WithProvider_OnlyThatProvidersAccountIsAsked()
    {
        using var cli = Cli();

        var buy = await cli.RunAsync("buy", "--country", "russia", "--product", "telegram", "--max-price", "5", "--provider", "5sim", "--config", cli.ConfigPath);
        var id = Assert.Single(_fiveSim.State.Orders).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cancel = await cli.RunAsync("cancel", id, "--provider", "5SIM", "--config", cli.ConfigPath);

        Assert.True(buy.ExitCode == 0, buy.Stdout + buy.Stderr);
        Assert.StartsWith($"bought order {id}:", buy.Stdout, StringComparison.Ordinal);
        Assert.Contains("(5sim) at 0.90", buy.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, _smsbuyz.State.BuyRequests);
        Assert.Equal($"order {id}: CANCELED", cancel.Stdout.Trim());
        Assert.Equal(SandboxOrderStatus.Canceled, _fiveSim.State.Orders[0].Status);
    }

    [Fact]
    public async Task Buy_UnknownProvider_Exit2ListingTheConfiguredOnesAndBuysNothing()
    {
        using var cli = Cli();

        var buy = await cli.RunAsync("buy", "--country", "ru", "--product", "telegram", "--max-price", "5", "--provider", "6sim", "--config", cli.ConfigPath);

        Assert.Equal(2, buy.ExitCode);
        Assert.Contains("--provider: '6sim' is not a configured provider; configured: smsbuyz, 5sim", buy.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, 0), (_smsbuyz.State.BuyRequests, _fiveSim.State.BuyRequests));
    }

    [Fact]
    public async Task RulesCheck_AfterASnapshot_RanksBothProvidersOffersNamingEach()
    {
        using var cli = Cli(maxPrice: 0.5m);
        await cli.RunAsync("snapshot", "--config", cli.ConfigPath);

        var check = await cli.RunAsync("rules", "check", "--config", cli.ConfigPath);

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("tg: would fire: telegram ru/", check.Stdout, StringComparison.Ordinal);
        var ranked = check.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("1. ", StringComparison.Ordinal) || l.Contains("skipped: price above MaxPrice", StringComparison.Ordinal)).ToList();
        Assert.Contains(ranked, l => l.Contains("(smsbuyz) at 0.40", StringComparison.Ordinal));
        Assert.Contains(ranked, l => l.Contains("(5sim) at 0.90", StringComparison.Ordinal) && l.Contains("skipped: price above MaxPrice 0.50", StringComparison.Ordinal));
    }

    private CliHarness Cli(decimal maxPrice = 5m) => new(new
    {
        SmsBuyz = new { BaseUrl = _smsbuyz.BaseUrl.ToString(), ApiKey = _smsbuyz.Options.ApiKey },
        Providers = new[] { new { Name = "5sim", BaseUrl = _fiveSim.BaseUrl.ToString(), ApiKey = _fiveSim.Options.ApiKey } },
        Monitor = new { Countries = new[] { "ru" }, Products = new[] { "telegram" } },
        AutoBuy = new { Mode = "Live", MinBalance = 0, KillSwitchFile = Path.Combine(Path.GetTempPath(), "smsbuyz-no-such-stop-file") },
        Rules = new[] { new { Name = "tg", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = maxPrice } },
    });

    private static SandboxOptions Options(SandboxDialect dialect, int seed) =>
        new() { Dialect = dialect, Seed = seed, Countries = 3, Products = 5, SmsNeverProbability = 1 };

    private static void SetAll(SandboxServer sandbox, decimal price)
    {
        foreach (var o in sandbox.State.CurrentOffers().Where(o => o.CountryIso == "ru" && o.Product == "telegram"))
            sandbox.State.SetOffer("ru", o.Operator, "telegram", price, 100);
    }
}
