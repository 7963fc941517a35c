using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o) => Failures.Of(
        !string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? null : $"Storage:Database must be a file path such as data/smsbuyz.db (got '{o.Database}')",
        o.BusyTimeoutSeconds is >= 0 and <= 3600
            ? null : $"Storage:BusyTimeoutSeconds must be between 0 and 3600 (got {o.BusyTimeoutSeconds})",
        o.MaxSizeMegabytes is >= 0 and <= 1_000_000
            ? null : $"Storage:MaxSizeMegabytes must be between 0 (no limit) and 1000000 (got {o.MaxSizeMegabytes})");
}
