namespace SmsBuyz.Analytics.Storage;

/// <summary>
/// A fixed vocabulary (enum names, status constants) rendered as an SQL <c>IN</c> list, so queries use the one C#
/// definition of a group of states instead of retyping it: renaming or adding a state changes every query at once.
/// </summary>
public static class SqlList
{
    public static string Of(IEnumerable<string> values) =>
        "(" + string.Join(',', values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'")) + ")";

    public static string Of<T>(IEnumerable<T> values) where T : struct, Enum => Of(values.Select(v => v.ToString()));
}
