using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Storage;

/// <param name="section">The raw <c>Storage</c> section: only it tells a SQLite-only key that was set from its default.</param>
internal sealed class StorageOptionsValidator(IConfigurationSection section) : IValidateOptions<StorageOptions>
{
    private static readonly string[] SqliteOnly = [nameof(StorageOptions.Database), nameof(StorageOptions.MaxSizeMegabytes)];

    public ValidateOptionsResult Validate(string? name, StorageOptions o) => o.Provider == StorageProvider.PostgreSql
        ? Failures.Of([
            PostgreSqlConnectionString.Problem("Storage:ConnectionString", o.ConnectionString, "when Storage:Provider is PostgreSql"),
            BusyTimeout(o),
            .. SqliteOnly.Select(key => section[key] is null ? null
                : $"Storage:{key} is a SQLite setting; remove it while Storage:Provider is PostgreSql (the server is Storage:ConnectionString)"),
        ])
        : Failures.Of(
            Enum.IsDefined(o.Provider) ? null : $"Storage:Provider must be Sqlite or PostgreSql (got '{o.Provider}')",
            !string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0
                ? null : $"Storage:Database must be a file path such as data/smsbuyz.db (got '{o.Database}')",
            BusyTimeout(o),
            o.MaxSizeMegabytes is >= 0 and <= 1_000_000
                ? null : $"Storage:MaxSizeMegabytes must be between 0 (no limit) and 1000000 (got {o.MaxSizeMegabytes})",
            string.IsNullOrEmpty(section[nameof(StorageOptions.ConnectionString)])
                ? null : "Storage:ConnectionString is for PostgreSQL; set Storage:Provider to PostgreSql to use it, or remove it");

    private static string? BusyTimeout(StorageOptions o) => o.BusyTimeoutSeconds is >= 0 and <= 3600
        ? null : $"Storage:BusyTimeoutSeconds must be between 0 and 3600 (got {o.BusyTimeoutSeconds})";
}
