using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;

namespace SmsBuyz.Analytics.Page;

/// <summary>The <c>Page</c> section: the page the worker serves at <c>/</c> on the dashboard's address.</summary>
public sealed class PageOptions
{
    public const string Section = "Page";

    /// <summary>The browser reloads the overview and an offer's page this often (a meta refresh, no script); 0: never.</summary>
    public int RefreshSeconds { get; set; } = 30;
}

internal sealed class PageOptionsValidator : IValidateOptions<PageOptions>
{
    public ValidateOptionsResult Validate(string? name, PageOptions o) => Failures.Of(
        o.RefreshSeconds is 0 or (>= 5 and <= 86_400) ? null
            : $"Page:RefreshSeconds must be 0 (no refresh) or between 5 and 86400 seconds (got {o.RefreshSeconds})");
}
