using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.AutoBuy.Rules;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class HotReloadTests
{
    public static TheoryData<string, object> BadEdits() => new()
    {
        { "Rules:0:MaxPrice must be positive", new { Name = "third", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = -1 } },
        { "Rules:0:MaxOrderPerDay is not a setting", new { Name = "third", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 1, MaxOrderPerDay = 1 } },
        { "Rules:0:MaxPrice must be a number", new { Name = "third", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = "abc" } },
    };

    [Theory]
    [MemberData(nameof(BadEdits))]
    public async Task RulesInForce_ConfigFileEdited_NewRulesTakeOver_AndAnInvalidEditKeepsTheLastValidOnes(string refusal, object badRule)
    {
        using var cli = new CliHarness(Settings(new { Name = "first", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 1 }));
        using var host = AppHost.CreateBuilder(cli.ConfigPath, watchConfig: true).Build();
        var rules = host.Services.GetRequiredService<RulesInForce>();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<RulesOptions>>();
        Assert.Equal("first", Assert.Single(rules.Current()).Name);

        cli.WriteConfig(Settings(new { Name = "second", Product = "telegram", Countries = new[] { "ru" }, MaxPrice = 1 }));
        await WaitForAsync(() => rules.Current().Single().Name == "second");
        cli.WriteConfig(Settings(badRule));
        // The watcher has fired once the monitor refuses the edit; only then is "the old rules still hold" a finding.
        await WaitForAsync(() => Refusal(monitor)?.Contains(refusal, StringComparison.Ordinal) == true);

        Assert.Equal("second", Assert.Single(rules.Current()).Name);
    }

    private static string? Refusal(IOptionsMonitor<RulesOptions> monitor)
    {
        try
        {
            _ = monitor.CurrentValue;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
    }

    private static object Settings(object rule) => new { Rules = new[] { rule } };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the edited configuration was not picked up within 20 s");
            await Task.Delay(100);
        }
    }
}
