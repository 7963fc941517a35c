using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// An Npgsql connection string from the settings, checked without ever repeating a value: a value may be the
/// password, and errors go to the console and the log.
/// </summary>
public static class PostgreSqlConnectionString
{
    /// <summary>Null when <paramref name="value"/> is usable; else what is wrong, naming <paramref name="key"/> and the keyword.</summary>
    /// <param name="requiredWhen">Why the setting is needed, for the message when it is missing.</param>
    public static string? Problem(string key, string? value, string requiredWhen)
    {
        if (string.IsNullOrWhiteSpace(value))
            return $"{key} is required {requiredWhen}, in Npgsql syntax such as Host=db.example.com;Database=smsbuyz;Username=smsbuyz";
        var parsed = new DbConnectionStringBuilder();
        try
        {
            parsed.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            return $"{key} is not a connection string of Keyword=value pairs separated by ';' (value not shown)";
        }
        var builder = new NpgsqlConnectionStringBuilder();
        // The parser lowercases keywords; messages show them as the user spelled them.
        foreach (var keyword in parsed.Keys.Cast<string>().Select(k => Spelled(value, k)))
        {
            try
            {
                builder[keyword] = parsed[keyword];
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                return builder.ContainsKey(keyword)
                    ? $"{key}: the value of {keyword} is not one Npgsql accepts (value not shown)"
                    : $"{key}: {keyword} is not an Npgsql connection string keyword";
            }
        }
        return string.IsNullOrWhiteSpace(builder.Host) ? $"{key} must name the server with Host="
            : string.IsNullOrWhiteSpace(builder.Database) ? $"{key} must name the database with Database="
            : null;
    }

    private static string Spelled(string value, string keyword) =>
        Regex.Match(value, $@"(?:^|;)\s*({Regex.Escape(keyword)})\s*=", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value : keyword;

    /// <summary>A checked connection string (see <see cref="Problem"/>) as Npgsql's builder.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value) => new(value);

    /// <summary><c>host:port/database as user</c>: what a log line or an error may show of a connection string.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database}")
        + (string.IsNullOrEmpty(builder.Username) ? "" : $" as {builder.Username}");
}
