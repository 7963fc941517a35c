using System.Globalization;

namespace SmsBuyz.Analytics.Api;

/// <summary>
/// The names of one provider's two HttpClient pipelines (and of their rate limiters): the <c>SmsBuyz</c> section's are
/// <see cref="Default"/>, the <c>Providers</c> list's n-th entry's (from 1) <see cref="Of"/>(n).
/// </summary>
public sealed record ClientPipelines(string Read, string Write)
{
    public static readonly ClientPipelines Default = new("SmsBuyz.Read", "SmsBuyz.Write");

    public static ClientPipelines Of(int listed) => listed == 0 ? Default
        : new(string.Create(CultureInfo.InvariantCulture, $"{Default.Read}.{listed}"), string.Create(CultureInfo.InvariantCulture, $"{Default.Write}.{listed}"));
}
