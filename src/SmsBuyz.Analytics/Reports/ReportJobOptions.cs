using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Reports;

/// <summary>The <c>Worker</c> section: where the worker's scheduled report goes.</summary>
public sealed class ReportJobOptions
{
    public const string Section = "Worker";

    /// <summary>Folder the reports job writes its report and prices.csv, orders.csv and payments.csv into, replaced whole.</summary>
    public string ReportsDirectory { get; set; } = "reports/latest";
}

internal sealed class ReportJobOptionsValidator : IValidateOptions<ReportJobOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportJobOptions o) => Failures.Of(
        !string.IsNullOrWhiteSpace(o.ReportsDirectory) && o.ReportsDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0
            ? null : $"Worker:ReportsDirectory must be a folder path such as reports/latest (got '{o.ReportsDirectory}')");
}
