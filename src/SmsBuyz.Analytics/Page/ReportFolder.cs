using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Page;

/// <summary>
/// The latest report, the one the worker's reports job keeps in <c>Worker:ReportsDirectory</c>, file by file. A report
/// is one flat folder of the files it writes, so nothing else is served: no sub-folder, no other kind of file, no path
/// that leaves the folder.
/// </summary>
public sealed class ReportFolder(IOptions<WorkerOptions> options)
{
    public const string Index = "index.html";

    private static readonly string[] Served = [".html", ".png", ".svg", ".csv"];
    private static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>The folder as configured, made absolute (relative to the worker's working directory).</summary>
    public string Root => Path.GetFullPath(options.Value.ReportsDirectory);

    /// <summary>The file's path and content type; null when <paramref name="name"/> is not a file of the report (or not there).</summary>
    public (string Path, string ContentType)? Find(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name.StartsWith('.')
            || !Served.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase) || !Types.TryGetContentType(name, out var type))
            return null;
        var path = Path.Combine(Root, name);
        return File.Exists(path) ? (path, type) : null;
    }
}
