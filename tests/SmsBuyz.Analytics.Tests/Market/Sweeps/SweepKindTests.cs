using System.Reflection;
using System.Text.RegularExpressions;
using SmsBuyz.Analytics.Api;
using SmsBuyz.Analytics.Market.Sweeps;

namespace SmsBuyz.Analytics.Tests.Market.Sweeps;

/// <summary>
/// Sweep kinds and sweep error kinds are spelled once, in <c>Market/Sweeps/SweepKind.cs</c> (API failures by the names of
/// <see cref="ApiErrorKind"/>); every writer, query and
/// decision uses the constants. The sources under src/ are read as text: a kind retyped as a C# string or an SQL literal
/// fails here, naming the file and line. Migrations are history (they never change) and are not read.
/// </summary>
public sealed partial class SweepKindTests
{
    /// <summary>The same words meaning something else: a command named after the sweep kind it writes, an output folder, a plan's part.</summary>
    private static readonly HashSet<(string File, string Word)> OtherMeanings =
    [
        ("Cli/ExportCommand.cs", "prices"),    // `export prices`
        ("Cli/ExportCommand.cs", "reports"),   // the default output folder
        ("Cli/DemoCommand.cs", "reports"),     // the default output folder
        ("Reports/ReportsOptions.cs", "reports"), // Reports:OutputDirectory's default
        ("Cli/SnapshotCommand.cs", "snapshot"), // the `snapshot` command
        ("Cli/BenchCommand.cs", "bench"),       // the `bench` command
        ("Market/Sweeps/SweepRunner.cs", "account"), // the account part in a sweep's plan text
        ("CopyToPostgreSql/PostgreSqlCopy.cs", "account"), // the account table
        ("CopyToPostgreSql/PostgreSqlCopy.Verify.cs", "account"), // the account table
        ("Storage/StorageServiceCollectionExtensions.cs", "Database"), // a cref to the Database type
        ("Reports/AccountsReport.cs", "account"), // a CSV column: whose rows they are
        ("Reports/DeliveryReport.cs", "account"), // a CSV column
        ("Reports/ReportTables.cs", "account"),   // a CSV column
        ("Export/CsvExporter.cs", "account"),     // a CSV column
        ("../SmsBuyz.Analytics.Bench/MemorySoak.cs", "Database"), // the soaked worker's Storage:Database and Hangfire:Database settings
        ("../SmsBuyz.Analytics.Bench/MemorySoak.cs", "reports"),  // the soaked worker's report folders
    ];

    [Fact]
    public void Kinds_AreSpelledOnlyWhereTheyAreDefined()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var words = Kinds().ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !Segments(src, f).Any(s => s is "bin" or "obj" or "Migrations"))
            .ToList();
        var definition = Path.Combine(src, "SmsBuyz.Analytics", "Market", "Sweeps", "SweepKind.cs");

        var retyped = new List<string>();
        foreach (var file in files.Where(f => f != definition))
        {
            var relative = Path.GetRelativePath(Path.Combine(src, "SmsBuyz.Analytics"), file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            // Documentation comments are read by people, not run: <param name="account"> names a parameter.
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("///", StringComparison.Ordinal))
                    continue;
                foreach (Match m in Quoted().Matches(lines[i]))
                    if (words.Contains(m.Groups["word"].Value) && !OtherMeanings.Contains((relative, m.Groups["word"].Value)))
                        retyped.Add($"{relative}:{i + 1}: {m.Value}");
            }
        }

        Assert.True(Kinds().Count() > 10, "the kinds were not found by reflection");
        Assert.True(files.Count > 200, $"only {files.Count} source files read from {src}");
        Assert.Contains(files, f => f == definition);
        Assert.True(retyped.Count == 0, "kinds spelled outside SweepKind.cs (use SweepKind or SweepErrorKind):\n" + string.Join("\n", retyped));
    }

    [Fact]
    public void Scan_FindsAKindRetypedInSql()
    {
        // The scan's pattern must see the shapes a retyped kind takes, or the test above could pass by seeing nothing.
        Assert.Equal(["reports", "maintenance", "Interrupted", "watch"],
            Quoted().Matches("""kind NOT IN ('reports', 'maintenance') AND e.kind = 'Interrupted'; StartAsync("watch", plan)""")
                .Select(m => m.Groups["word"].Value));
    }

    private static IEnumerable<string> Kinds() =>
        new[] { typeof(SweepKind), typeof(SweepErrorKind) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(Enum.GetNames<ApiErrorKind>()); // stored by their names through SweepErrorKind.Of

    private static string[] Segments(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsBuyz.Analytics.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("no SmsBuyz.Analytics.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A whole word in single (SQL) or double (C#) quotes.</summary>
    [GeneratedRegex("""(?<q>['"])(?<word>[A-Za-z_]+)\k<q>""")]
    private static partial Regex Quoted();
}
