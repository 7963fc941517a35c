using Microsoft.Extensions.Options;

namespace SmsBuyz.Analytics.AutoBuy;

/// <summary>The <c>Notifications</c> section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Every auto-buy event is POSTed here as JSON, best effort; empty = log only.</summary>
    public string WebhookUrl { get; set; } = "";
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions o) =>
        o.WebhookUrl.Length == 0 || (Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Notifications:WebhookUrl must be empty or an absolute http(s) URL (got '{o.WebhookUrl}')");
}
