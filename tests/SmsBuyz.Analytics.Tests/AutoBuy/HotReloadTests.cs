using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

public sealed class HotReloadTests
{
    [Fact]
    public async Task CurrentRules_ConfigFileEdited_NewRulesTakeOver_AndAnInvalidEditKeepsTheLastValidOnes()
    {
        using var cli = new CliHarness(Settings("first", 1));
        using var host = AppHost.CreateBuilder(cli.ConfigPath, watchConfig: true).Build();
        var engine = host.Services.GetRequiredService<AutoBuyEngine>();
        Assert.Equal("first", Assert.Single(engine.CurrentRules()).Name);

        cli.WriteConfig(Settings("second", 1));
        await WaitForAsync(() => engine.CurrentRules().Single().Name == "second");
        cli.WriteConfig(Settings("third", -1));
        await Task.Delay(1500);

        Assert.Equal("second", Assert.Single(engine.CurrentRules()).Name);
    }

    private static object Settings(string name, decimal maxPrice) =>
        new { Rules = new[] { new { Name = name, Product = "telegram", Countries = new[] { "ru" }, MaxPrice = maxPrice } } };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the edited rules were not picked up within 10 s");
            await Task.Delay(100);
        }
    }
}
