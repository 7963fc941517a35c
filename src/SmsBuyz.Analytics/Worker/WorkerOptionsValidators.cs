using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Worker;

/// <param name="configuration">The root: Hangfire's PostgreSQL storage needs the app's data on PostgreSQL too (a real contradiction, refused).</param>
internal sealed class HangfireOptionsValidator(IConfiguration configuration) : IValidateOptions<HangfireOptions>
{
    public ValidateOptionsResult Validate(string? name, HangfireOptions o) => Failures.Of(
        Enum.IsDefined(o.Storage) ? null : $"Hangfire:Storage must be Sqlite, InMemory or PostgreSql (got '{o.Storage}')",
        o.Storage != JobStorageKind.Sqlite || (!string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0)
            ? null : $"Hangfire:Database must be a file path such as data/hangfire.db (got '{o.Database}')",
        o.Storage != JobStorageKind.PostgreSql || StorageIsPostgreSql()
            ? null : "Hangfire:Storage PostgreSql requires Storage:Provider PostgreSql (the jobs of workers that share one database)",
        // Hangfire:Database with PostgreSql (the shipped file sets it) and Hangfire:ConnectionString without are not
        // refused, only said once when the storage is made (HangfireStorage): see StorageOptionsValidator.
        o.Storage == JobStorageKind.PostgreSql && o.ConnectionString.Length > 0
            ? PostgreSqlConnectionString.Problem("Hangfire:ConnectionString", o.ConnectionString, "when set") : null);

    private bool StorageIsPostgreSql() =>
        Enum.TryParse<StorageProvider>(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"], ignoreCase: true, out var p)
        && p == StorageProvider.PostgreSql;
}

internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions o)
    {
        if (!o.Enabled)
            return ValidateOptionsResult.Success;
        var endpoint = DashboardEndpoint.TryParse(o.Url);
        return Failures.Of(
            endpoint is not null ? null
                : $"Dashboard:Url must be http://ADDRESS:PORT/PATH with an IP address or localhost, such as http://127.0.0.1:5080/hangfire (got '{o.Url}')",
            endpoint is null || endpoint.IsLoopback || o.HasCredentials ? null
                : $"Dashboard:Username and Dashboard:Password are required when Dashboard:Url is not a loopback address (got '{o.Url}'); set both, or set Dashboard:Enabled to false");
    }
}
