namespace SmsBuyz.Analytics.Reports;

/// <summary>What one report covers: the period [From, To) and optional product and country filters (empty = all).</summary>
public sealed record ReportScope(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Products, IReadOnlyList<string> Countries)
{
    public string Label => $"{From.UtcDateTime:yyyy-MM-dd HH:mm} – {To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    /// <summary>SQL conditions on <c>p.name</c> and <c>c.code</c>, with the parameters <see cref="Parameters"/> carries.</summary>
    public string SeriesWhere =>
        (Products.Count > 0 ? " AND p.name IN @Products" : "") + (Countries.Count > 0 ? " AND c.code IN @Countries" : "");

    public object Parameters => new
    {
        Products,
        Countries = Countries.Select(c => c.Trim().ToLowerInvariant()).ToList(),
    };
}
