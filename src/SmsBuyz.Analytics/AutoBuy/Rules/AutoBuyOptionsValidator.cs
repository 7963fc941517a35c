using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.AutoBuy.Rules;

internal sealed class AutoBuyOptionsValidator : IValidateOptions<AutoBuyOptions>
{
    public ValidateOptionsResult Validate(string? name, AutoBuyOptions o)
    {
        string?[] failures =
        [
            Enum.IsDefined(o.Mode) ? null : $"AutoBuy:Mode must be Off, DryRun or Live (got {o.Mode})",
            o.DailyBudget is null or > 0 ? null : $"AutoBuy:DailyBudget must be positive when set (got {o.DailyBudget})",
            o.MinBalance >= 0 ? null : $"AutoBuy:MinBalance must not be negative (got {o.MinBalance})",
            o.MaxOpenOrders is >= 1 and <= 100 ? null : $"AutoBuy:MaxOpenOrders must be 1–100 (got {o.MaxOpenOrders})",
            o.CancelAfter > TimeSpan.FromMinutes(1) && o.CancelAfter < Order.DefaultLifetime
                ? null : $"AutoBuy:CancelAfter must be over 00:01:00 and under {Order.DefaultLifetime:hh\\:mm\\:ss}, the order lifetime (got {o.CancelAfter})",
            o.PollInterval >= TimeSpan.FromSeconds(3) && o.PollInterval <= TimeSpan.FromSeconds(5)
                ? null : $"AutoBuy:PollInterval must be 00:00:03–00:00:05, as the API asks (got {o.PollInterval})",
            o.ClockSkew >= TimeSpan.FromSeconds(5) && o.ClockSkew <= TimeSpan.FromMinutes(30)
                ? null : $"AutoBuy:ClockSkew must be 00:00:05–00:30:00 (got {o.ClockSkew})",
            o.UnknownGrace >= TimeSpan.FromSeconds(1) && o.UnknownGrace <= TimeSpan.FromMinutes(10)
                ? null : $"AutoBuy:UnknownGrace must be 00:00:01–00:10:00 (got {o.UnknownGrace})",
            o.PauseAfterFailures is >= 1 and <= 100 ? null : $"AutoBuy:PauseAfterFailures must be 1–100 (got {o.PauseAfterFailures})",
            o.PauseFor >= TimeSpan.FromMinutes(1) ? null : $"AutoBuy:PauseFor must be at least 00:01:00 (got {o.PauseFor})",
        ];
        var list = failures.OfType<string>().ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
