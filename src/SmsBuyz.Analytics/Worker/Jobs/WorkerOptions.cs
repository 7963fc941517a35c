using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Worker.Jobs;

/// <summary>
/// The <c>Worker</c> section: what the worker's jobs write. Beside the jobs that read it (the reports job), below the
/// Worker folder that registers it.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Folder the reports job writes its report and prices.csv, orders.csv and payments.csv into, replaced whole.</summary>
    public string ReportsDirectory { get; set; } = "reports/latest";
}

internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions o) => Failures.Of(
        !string.IsNullOrWhiteSpace(o.ReportsDirectory) && o.ReportsDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? null : $"Worker:ReportsDirectory must be a folder path such as reports/latest (got '{o.ReportsDirectory}')");
}
