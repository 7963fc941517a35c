using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Worker;

internal sealed class HangfireOptionsValidator : IValidateOptions<HangfireOptions>
{
    public ValidateOptionsResult Validate(string? name, HangfireOptions o) => Failures.Of(
        Enum.IsDefined(o.Storage) ? null : $"Hangfire:Storage must be Sqlite or InMemory (got '{o.Storage}')",
        o.Storage != JobStorageKind.Sqlite || (!string.IsNullOrWhiteSpace(o.Database) && o.Database.IndexOfAny(Path.GetInvalidPathChars()) < 0)
            ? null : $"Hangfire:Database must be a file path such as data/hangfire.db (got '{o.Database}')");
}

internal sealed class DashboardSettingsValidator : IValidateOptions<DashboardSettings>
{
    public ValidateOptionsResult Validate(string? name, DashboardSettings o)
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
