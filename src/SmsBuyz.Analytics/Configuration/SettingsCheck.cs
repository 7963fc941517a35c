using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SmsBuyz.Analytics.Configuration;

/// <summary>
/// Checks a configuration section against the options type it binds to, before binding. The .NET binder skips keys
/// it does not know (a misspelled <c>MaxOrderPerDay</c> would mean "no limit") and drops a list element whose value
/// does not convert (a rule with <c>"MaxPrice": "abc"</c> would vanish); here each of those is a failure naming the
/// full key, the value and what fits. A single value where a list is expected is accepted as a one-element list
/// (<see cref="ScalarLists"/> fills it in).
/// </summary>
internal static class SettingsCheck
{
    public static List<SettingProblem> Check(IConfigurationSection section, Type type)
    {
        var failures = new List<SettingProblem>();
        CheckValue(section, type, failures);
        return failures;
    }

    /// <summary>
    /// <paramref name="bound"/> without the keys the check refused, so that the rest binds (the binder would throw on
    /// them, or drop a whole list element) and the validators can tell their own findings in the same run.
    /// </summary>
    public static IConfiguration Usable(IConfiguration bound, IReadOnlyCollection<SettingProblem> problems)
    {
        if (problems.Count == 0)
            return bound;
        var kept = bound.AsEnumerable().Where(kv => !problems.Any(p => p.Covers(kv.Key)));
        var root = new ConfigurationBuilder().AddInMemoryCollection(kept).Build();
        return bound is IConfigurationSection section ? root.GetSection(section.Path) : root;
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<SettingProblem> failures)
    {
        var children = section.GetChildren().ToList();
        if (ListElement(type) is { } element)
        {
            if (children.Count == 0)
            {
                if (!string.IsNullOrEmpty(section.Value))
                    CheckValue(section, element, failures);
                return;
            }
            foreach (var child in children)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    failures.Add(new(section.Path, $"{section.Path} must be a list such as [ \"a\", \"b\" ], not a section with the key '{child.Key}'"));
                else
                    CheckValue(child, element, failures);
            }
        }
        else if (IsScalar(type))
        {
            if (children.Count > 0)
                failures.Add(new(section.Path, $"{section.Path} must be a single value, not a section or list"));
            else if (Unfit(section.Value, type) is { } fits)
                failures.Add(new(section.Path, $"{section.Path} must be {fits} (got '{section.Value}')"));
        }
        else
            CheckObject(section, type, children, failures);
    }

    private static void CheckObject(IConfigurationSection section, Type type, List<IConfigurationSection> children, List<SettingProblem> failures)
    {
        var settings = Settings(type);
        if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
            failures.Add(new(section.Path, $"{section.Path} must be a section with settings such as {string.Join(", ", settings.Keys.Take(3))} (got '{section.Value}')"));
        foreach (var child in children)
        {
            if (settings.TryGetValue(child.Key, out var property))
                CheckValue(child, property.PropertyType, failures);
            else
                failures.Add(new(child.Path, $"{child.Path} is not a setting{KeyHints.DidYouMean(child.Key, settings.Keys)}"));
        }
    }

    /// <summary>The properties the binder fills: public, settable, or a list it adds to. Matched without case, as the binder does.</summary>
    public static Dictionary<string, PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod?.IsPublic == true || ListElement(p.PropertyType) is not null))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static Type? ListElement(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : null;

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri);
    }

    /// <summary>Null when the value converts as the binder would convert it; else what would fit.</summary>
    private static string? Unfit(string? value, Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var t = nullable ?? type;
        // An empty value leaves a nullable setting unset, as the binder does; null is JSON's null.
        if (value is null || t == typeof(string) || (nullable is not null && value.Length == 0))
            return null;
        var v = value.Trim();
        return t switch
        {
            _ when t == typeof(bool) => bool.TryParse(v, out _) ? null : "true or false",
            _ when t == typeof(int) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "a whole number",
            _ when t == typeof(long) => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "a whole number",
            _ when t == typeof(double) || t == typeof(decimal) =>
                decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "a number with a '.' for decimals, such as 1.5",
            _ when t == typeof(TimeSpan) => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out _)
                ? null : "a duration as [d.]hh:mm:ss, such as 00:05:00 for five minutes or 1.00:00:00 for a day",
            _ when t.IsEnum => Enum.GetNames(t).Contains(v, StringComparer.OrdinalIgnoreCase) ? null : "one of " + string.Join(", ", Enum.GetNames(t)),
            _ when t == typeof(Uri) => Uri.TryCreate(v, UriKind.Absolute, out _) ? null : "an absolute URL",
            _ => null,
        };
    }
}
