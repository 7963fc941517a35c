using SmsBuyz.Analytics.AutoBuy.Rules;

namespace SmsBuyz.Analytics.Tests.AutoBuy.Rules;

public sealed class RuleEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Each row changes one input from a baseline that fires: (case, expected WhyNot fragment or null = fires).</summary>
    public static TheoryData<string, string?> Cases => new()
    {
        { "baseline fires", null },
        { "MaxPrice below price", "MaxPrice" },
        { "MaxPrice equal to price", null },
        { "DropPercent met", null },
        { "DropPercent not met", "below the Median" },
        { "DropPercent without history", "no history" },
        { "LowestInDays met (tie)", null },
        { "LowestInDays not met", "not the lowest in 7 days" },
        { "LowestInDays without history", "no history for LowestInDays" },
        { "MinQty not met", "below MinQty" },
        { "other product", "no stored offer" },
        { "other country", "no stored offer" },
        { "country star", null },
        { "other operator", "no stored offer" },
        { "disabled", "disabled" },
        { "mode off", "Mode is Off" },
        { "kill switch", "kill switch" },
        { "paused", "paused: insufficient balance" },
        { "MaxOrdersTotal reached", "MaxOrdersTotal 3" },
        { "MaxOrdersPerDay reached", "MaxOrdersPerDay 2" },
        { "MaxOrdersPerDay not reached", null },
        { "in cooldown", "cooling down" },
        { "cooldown over", null },
        { "MaxOpenOrders reached", "MaxOpenOrders" },
        { "MaxSpendPerDay would be exceeded", "MaxSpendPerDay" },
        { "MaxSpendPerDay exactly reached", null },
        { "DailyBudget would be exceeded", "DailyBudget" },
        { "MinBalance would be crossed", "MinBalance" },
        { "MinBalance exactly kept", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_OneInputChanged_FiresOrSaysWhyNot(string name, string? expected)
    {
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["ru"], Operators = ["any"], MaxPrice = 0.50m };
        var global = new AutoBuyOptions { MaxOpenOrders = 5 };
        var offer = new Candidate("ru", "beeline", "telegram", 0.40m, 10, Baseline: 0.60m, Lowest: 0.40m);
        var usage = RuleUsage.None;
        var account = new AccountState(AutoBuyMode.Live, false, 0m, null, 0);
        switch (name)
        {
            case "MaxPrice below price": rule.MaxPrice = 0.39m; break;
            case "MaxPrice equal to price": rule.MaxPrice = 0.40m; break;
            case "DropPercent met": rule.DropPercent = 20; break; // 0.60 * 0.8 = 0.48 >= 0.40
            case "DropPercent not met": rule.DropPercent = 40; break; // needs <= 0.36
            case "DropPercent without history": rule.DropPercent = 20; offer = offer with { Baseline = null }; break;
            case "LowestInDays met (tie)": rule.LowestInDays = 7; break;
            case "LowestInDays not met": rule.LowestInDays = 7; offer = offer with { Lowest = 0.35m }; break;
            case "LowestInDays without history": rule.LowestInDays = 7; offer = offer with { Lowest = null }; break;
            case "MinQty not met": rule.MinQty = 11; break;
            case "other product": rule.Product = "whatsapp"; break;
            case "other country": rule.Countries = ["us"]; break;
            case "country star": rule.Countries = ["*"]; break;
            case "other operator": rule.Operators = ["mts"]; break;
            case "disabled": rule.Enabled = false; break;
            case "mode off": account = account with { Mode = AutoBuyMode.Off }; break;
            case "kill switch": account = account with { KillSwitch = true }; break;
            case "paused": usage = usage with { PausedReason = "insufficient balance" }; break;
            case "MaxOrdersTotal reached": rule.MaxOrdersTotal = 3; usage = usage with { OrdersTotal = 3 }; break;
            case "MaxOrdersPerDay reached": rule.MaxOrdersPerDay = 2; usage = usage with { OrdersToday = 2, OrdersTotal = 9 }; break;
            case "MaxOrdersPerDay not reached": rule.MaxOrdersPerDay = 2; usage = usage with { OrdersToday = 1, OrdersTotal = 9 }; break;
            case "in cooldown": rule.Cooldown = TimeSpan.FromMinutes(30); usage = usage with { LastBuyAt = Now.AddMinutes(-29) }; break;
            case "cooldown over": rule.Cooldown = TimeSpan.FromMinutes(30); usage = usage with { LastBuyAt = Now.AddMinutes(-30) }; break;
            case "MaxOpenOrders reached": account = account with { OpenOrders = 5 }; break;
            case "MaxSpendPerDay would be exceeded": rule.MaxSpendPerDay = 1m; usage = usage with { SpentToday = 0.61m }; break;
            case "MaxSpendPerDay exactly reached": rule.MaxSpendPerDay = 1m; usage = usage with { SpentToday = 0.60m }; break;
            case "DailyBudget would be exceeded": global.DailyBudget = 2m; account = account with { SpentToday = 1.65m }; break;
            case "MinBalance would be crossed": global.MinBalance = 5m; account = account with { Balance = 5.39m }; break;
            case "MinBalance exactly kept": global.MinBalance = 5m; account = account with { Balance = 5.40m }; break;
        }

        var decision = RuleEvaluator.Evaluate(rule, global, [offer], usage, account, Now);

        if (expected is null)
        {
            Assert.True(decision.Fires, decision.WhyNot);
            Assert.Equal(offer, decision.Pick);
        }
        else
        {
            Assert.False(decision.Fires);
            Assert.Contains(expected, decision.WhyNot, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_SeveralMatches_CheapestFirstThenMostStock()
    {
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["*"], MaxPrice = 1m };
        Candidate a = new("ru", "a", "telegram", 0.30m, 5), b = new("us", "b", "telegram", 0.30m, 50), c = new("ru", "c", "telegram", 0.20m, 1),
            tooDear = new("gb", "d", "telegram", 1.10m, 99);

        var decision = RuleEvaluator.Evaluate(rule, new AutoBuyOptions(), [a, b, tooDear, c], RuleUsage.None,
            new AccountState(AutoBuyMode.DryRun, false, 0, null, 0), Now);

        Assert.Equal([c, b, a], decision.Matches);
    }

    [Fact]
    public void Evaluate_SpendLimitRulesOutOnlyTheDearOffers_PicksACheaperOne()
    {
        var rule = new RuleOptions { Name = "r", Product = "telegram", Countries = ["*"], MaxPrice = 1m, MaxSpendPerDay = 1m };
        Candidate cheap = new("ru", "a", "telegram", 0.30m, 5), dear = new("us", "b", "telegram", 0.90m, 50);

        var decision = RuleEvaluator.Evaluate(rule, new AutoBuyOptions(), [dear, cheap], new RuleUsage(1, 0.50m, 1, null),
            new AccountState(AutoBuyMode.Live, false, 0.50m, null, 0), Now);

        Assert.Equal([cheap], decision.Matches);
    }
}
