using Microsoft.CodeAnalysis.CSharp;

namespace SmsBuyz.Analytics.Tests.Architecture;

/// <summary>
/// The choice of database is made behind one seam: Storage (the providers, the registration that picks one, their
/// settings) and the few files listed here, each for its reason. Everywhere else code asks the <c>Database</c> what it
/// needs (<c>SharedByWorkers</c>, <c>PartitionedByMonth</c>, a <c>Presence</c>, a lease, <c>db.Sql(sqlite:, postgreSql:)</c>
/// for statements whose dialects differ), never which database it is.
/// </summary>
public sealed class ProviderQuestionTests
{
    /// <summary>Paths in src/SmsBuyz.Analytics (a folder ends with '/') that may ask, and why.</summary>
    private static readonly Dictionary<string, string> AppAllowed = new(StringComparer.Ordinal)
    {
        ["Storage/"] = "the seam: the providers, the registration that picks one, their settings",
        ["Worker/WorkerOptionsValidators.cs"] = "Hangfire:Storage PostgreSql is refused unless Storage:Provider names PostgreSql too",
        ["CopyToPostgreSql/"] = "copies from the one provider into the other, each by name",
        ["Market/MarketStore.cs"] = "picks the market's bulk-row writer for its driver: SQLite's C API statements or PostgreSQL's binary COPY",
        ["Market/History/StepReader.cs"] = "reads the report's two million history rows through SQLite's C API, PostgreSQL's through its data reader",
    };

    /// <summary>Paths in src/SmsBuyz.Analytics.Bench that may ask, and why.</summary>
    private static readonly Dictionary<string, string> BenchAllowed = new(StringComparer.Ordinal)
    {
        ["BenchStorage.cs"] = "picks the providers a bench measures (--provider) and points each run at one",
        ["SyntheticHistory.cs"] = "writes the synthetic history through each driver's bulk path: a prepared INSERT or binary COPY",
    };

    [Fact]
    public void App_AsksWhichDatabaseOnlyBehindTheSeam() => AssertOnlyAllowed(ProjectSources.App.Value, AppAllowed, "Storage/Database.cs");

    [Fact]
    public void Bench_AsksWhichDatabaseOnlyWhereItPicksOne() => AssertOnlyAllowed(ProjectSources.Bench.Value, BenchAllowed, "BenchStorage.cs");

    public static TheoryData<string, string> WaysToAsk => new()
    {
        { "==", "return db.Provider == StorageProvider.PostgreSql;" },
        { "!=", "return db.Provider != StorageProvider.Sqlite;" },
        { "a copied value", "var p = db.Provider; return p == StorageProvider.Sqlite;" },
        { "a nullable value", "StorageProvider? p = db.Provider; return p == StorageProvider.Sqlite;" },
        { "a constant pattern", "return db.Provider is StorageProvider.Sqlite;" },
        { "a switch expression", "return db.Provider switch { StorageProvider.Sqlite => 1, _ => 2 };" },
        { "a switch statement", "switch (db.Provider) { case StorageProvider.Sqlite: return 1; default: return 2; }" },
        { "is a type", "return db is PostgreSqlDatabase;" },
        { "as a type", "return db as SqliteDatabase;" },
        { "a declaration pattern", "return db is SqliteDatabase sqlite ? sqlite : null;" },
        { "a property pattern with a type", "return db is SqliteDatabase { Provider: var p } ? p : null;" },
        { "a type pattern on a connection", "return connection switch { NpgsqlConnection => 1, _ => 2 };" },
        { "a cast to a connection", "return (NpgsqlConnection)connection;" },
        { "SqliteOnly", "return db.SqliteOnly(\"this\");" },
    };

    [Theory]
    [MemberData(nameof(WaysToAsk))]
    public void Find_ReportsEachWayOfAsking(string kind, string body)
    {
        var question = Assert.Single(Planted(body));

        Assert.True(question.Line == 7, $"{kind}: {question}");
    }

    [Fact]
    public void Find_ReportsNothingWhereTheProviderIsOnlyNamedOrCarried()
    {
        Assert.Empty(Planted("""
            var name = db.Provider.ToString();
            StorageProvider[] all = [StorageProvider.Sqlite, StorageProvider.PostgreSql];
            return (name, nameof(StorageProvider.PostgreSql), all, db.SharedByWorkers ? 1 : 2, connection is string);
            """));
    }

    private static void AssertOnlyAllowed(CSharpCompilation compilation, Dictionary<string, string> allowed, string seen)
    {
        var errors = ProjectSources.Errors(compilation);
        Assert.True(errors.Count == 0, "names the compile could not resolve:\n" + string.Join("\n", errors.Take(20)));
        var questions = ProviderQuestions.Find(compilation);

        Assert.Contains(questions, q => q.File == seen); // the finder sees the questions the seam itself asks
        var outside = questions.Where(q => !allowed.Keys.Any(a => a.EndsWith('/') ? q.File.StartsWith(a, StringComparison.Ordinal) : q.File == a)).ToList();
        Assert.True(outside.Count == 0, "code that asks which database it runs on, outside the seam (ask the Database what you need):\n"
            + string.Join("\n", outside));
    }

    /// <summary>The questions in a planted caller whose method body is <paramref name="body"/> (its first line is line 7).</summary>
    private static List<ProviderQuestion> Planted(string body)
    {
        var compilation = NamespaceUses.Compile(
        [
            ("Storage/Storage.cs", """
                namespace SmsBuyz.Analytics.Storage;
                public enum StorageProvider { Sqlite, PostgreSql }
                public abstract class Database
                {
                    public abstract StorageProvider Provider { get; }
                    public bool SharedByWorkers => Provider == StorageProvider.PostgreSql;
                    public SqliteDatabase SqliteOnly(string what) => this as SqliteDatabase ?? throw new NotSupportedException(what);
                }
                public sealed class SqliteDatabase : Database { public override StorageProvider Provider => StorageProvider.Sqlite; }
                public sealed class PostgreSqlDatabase : Database { public override StorageProvider Provider => StorageProvider.PostgreSql; }
                """),
            ("Npgsql/NpgsqlConnection.cs", "namespace Npgsql;\npublic sealed class NpgsqlConnection;"),
            ("Shop/Caller.cs", $$"""
                using Npgsql;
                using SmsBuyz.Analytics.Storage;
                namespace Shop;
                public static class Caller
                {
                    public static object Ask(Database db, object connection) {
                {{body}}
                    }
                }
                """),
        ], NamespaceUses.ReferencesIn([Path.GetDirectoryName(typeof(object).Assembly.Location)!]));
        Assert.Empty(ProjectSources.Errors(compilation));
        var questions = ProviderQuestions.Find(compilation);
        Assert.Equal(2, questions.Count(q => q.File == "Storage/Storage.cs")); // the seam's own, found as well
        return [.. questions.Where(q => q.File == "Shop/Caller.cs")];
    }
}
