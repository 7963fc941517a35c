using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Market;

/// <summary>Each failure names the configuration key, what it must be, and what it was.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>A century: beyond it the cutoff arithmetic would be meaningless, and it is surely a typo.</summary>
    private const int MaxDays = 36_500;

    public ValidateOptionsResult Validate(string? name, RetentionOptions o) => Failures.Of(
        o.RawDays is >= 1 and <= MaxDays
            ? null : $"Retention:RawDays must be between 1 and {MaxDays} (got {o.RawDays})",
        o.HourlyDays >= o.RawDays && o.HourlyDays <= MaxDays
            ? null : $"Retention:HourlyDays must be at least Retention:RawDays ({o.RawDays}) and at most {MaxDays} (got {o.HourlyDays})",
        o.StockDeadbandPercent is >= 0 and <= 100
            ? null : $"Retention:StockDeadbandPercent must be between 0 and 100 (got {o.StockDeadbandPercent})");
}
