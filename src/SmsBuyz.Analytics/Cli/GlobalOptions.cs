using System.CommandLine;
using System.Globalization;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Offers;

namespace SmsBuyz.Analytics.Cli;

/// <summary>Options every command accepts, and parsers shared by commands.</summary>
public static class GlobalOptions
{
    /// <summary>Accepted before or after the command name.</summary>
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A JSON settings file layered over the defaults (./appsettings.json and ./appsettings.{DOTNET_ENVIRONMENT}.json, "
            + "when there): what it sets wins over them, and environment variables such as SmsBuyz__ApiKey win over it",
        Recursive = true,
    };

    /// <summary>The ISO code of a <c>--country</c> value given as a code or a name (<c>ru</c>, <c>russia</c>, <c>Russia</c>).</summary>
    public static string ParseCountry(string text, string optionName = "--country") =>
        OfferNames.TryCountry(text, out var iso)
            ? iso
            : throw new ConfigurationException($"{optionName}: '{text}' is not a country this app knows; use {OfferNames.CountryHint}");

    public static IReadOnlyList<string> ParseCountries(string[]? texts) => [.. (texts ?? []).Select(t => ParseCountry(t))];

    /// <summary>A UTC instant from "2026-01-15", "2026-01-15T12:00" or a full ISO-8601 time; no zone means UTC.</summary>
    public static DateTimeOffset? ParseTime(string? text, string optionName)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new ConfigurationException($"{optionName}: '{text}' is not a date or ISO-8601 time (e.g. 2026-01-15 or 2026-01-15T12:00:00Z)");
    }
}
