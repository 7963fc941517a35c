using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// Checks the settings of the provider in use. A key of the other one (<c>Storage:Database</c> on PostgreSQL, from the
/// shipped appsettings.json; <c>Storage:ConnectionString</c> on SQLite) is not refused: an environment variable cannot
/// remove a key a file sets, so refusing it would make switching by the environment alone impossible. It is said once
/// at start instead (<see cref="StorageOptions.Unused"/>).
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o) => o.Provider == StorageProvider.PostgreSql
        ? Failures.Of(
            PostgreSqlConnectionString.Problem("Storage:ConnectionString", o.ConnectionString, "when Storage:Provider is PostgreSql"),
            BusyTimeout(o))
        : Failures.Of(
            Enum.IsDefined(o.Provider) ? null : $"Storage:Provider must be Sqlite or PostgreSql (got '{o.Provider}')",
            !string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0
                ? null : $"Storage:Database must be a file path such as data/smsbuyz.db (got '{o.Database}')",
            BusyTimeout(o),
            o.MaxSizeMegabytes is >= 0 and <= 1_000_000
                ? null : $"Storage:MaxSizeMegabytes must be between 0 (no limit) and 1000000 (got {o.MaxSizeMegabytes})");

    private static string? BusyTimeout(StorageOptions o) => o.BusyTimeoutSeconds is >= 0 and <= 3600
        ? null : $"Storage:BusyTimeoutSeconds must be between 0 and 3600 (got {o.BusyTimeoutSeconds})";
}
