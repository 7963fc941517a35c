using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SmsBuyz.Analytics.Tests.Infrastructure;

namespace SmsBuyz.Analytics.Tests.Storage.PostgreSql;

/// <summary>The test cluster itself: what every PostgreSQL test stands on, so CI shows it works (or why it was skipped).</summary>
public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task CreateDatabase_TableCreatedWrittenAndReadBack()
    {
        var server = await PostgresServer.GetAsync();
        await using var database = await server.CreateDatabaseAsync();
        await using var connection = await database.OpenAsync();

        await connection.ExecuteAsync("CREATE TABLE probe (id BIGINT PRIMARY KEY, price BIGINT NOT NULL, name TEXT NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO probe VALUES (@id, @price, @name)", new { id = 1L, price = 4118L, name = "Ünïcode ✓" });
        var row = await connection.QuerySingleAsync<(long Id, long Price, string Name)>("SELECT id, price, name FROM probe");

        Assert.Equal((1L, 4118L, "Ünïcode ✓"), row);
        // The server runs the installed programs, whichever version the machine has (Debian 12 ships 15, 13 ships 17).
        Assert.Equal(await InstalledVersionNumAsync(), await connection.ExecuteScalarAsync<string>("SHOW server_version_num"));
        Assert.Equal("off", await connection.ExecuteScalarAsync<string>("SHOW fsync"));
    }

    /// <summary>
    /// <c>postgres --version</c> of the programs the tests start ("postgres (PostgreSQL) 15.18 (Debian …)") as
    /// <c>server_version_num</c> spells it: major × 10000 + minor, since PostgreSQL 10.
    /// </summary>
    private static async Task<string> InstalledVersionNumAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(PostgresBinaries.OnThisMachine!.Folder, "postgres"), "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var version = Regex.Match(text, @"\(PostgreSQL\) (\d+)\.(\d+)");
        Assert.True(process.ExitCode == 0 && version.Success, $"postgres --version: exit {process.ExitCode}, {text}");
        var (major, minor) = (int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture));
        return (major * 10000 + minor).ToString(CultureInfo.InvariantCulture);
    }

    [PostgresFact]
    public async Task CreateDatabase_TwoTests_EachSeesOnlyItsOwnTables()
    {
        var server = await PostgresServer.GetAsync();
        await using var first = await server.CreateDatabaseAsync();
        await using var second = await server.CreateDatabaseAsync();
        await using (var connection = await first.OpenAsync())
            await connection.ExecuteAsync("CREATE TABLE only_in_first (id BIGINT)");

        await using var other = await second.OpenAsync();

        Assert.Equal(0, await other.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
    }

    [PostgresFact]
    public async Task Dispose_DatabaseWithOpenConnection_IsDropped()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync();
        var left = await database.OpenAsync(); // a test (or the app under test) that forgot to close one

        await database.DisposeAsync();

        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        Assert.Equal(0, await admin.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_database WHERE datname = @name", new { name = database.Name }));
        await left.DisposeAsync();
    }

    [Fact]
    public void Find_NoServerPrograms_SaysWhyAndHowToGetThem()
    {
        var empty = Directory.CreateTempSubdirectory("smsbuyz-no-postgres").FullName;
        try
        {
            var (found, reason) = PostgresBinaries.Find(null, empty, Path.Combine(empty, "nothing"), isRoot: true, passwd: "postgres:x:101:104::/var/lib/postgresql:/bin/bash\n");

            Assert.Null(found);
            Assert.Contains("dotnet test installs Debian's postgresql package", reason);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Find_RootWithoutPostgresUser_SaysSo()
    {
        var bin = Directory.CreateTempSubdirectory("smsbuyz-fake-postgres").FullName;
        try
        {
            foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
                File.WriteAllText(Path.Combine(bin, program), "");

            var (found, reason) = PostgresBinaries.Find(bin, null, "/nonexistent", isRoot: true, passwd: "root:x:0:0::/root:/bin/bash\n");
            var (asUser, _) = PostgresBinaries.Find(bin, null, "/nonexistent", isRoot: false, passwd: "");

            Assert.Null(found);
            Assert.Contains("'postgres' user", reason);
            Assert.Equal(new PostgresBinaries(bin, null), asUser);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
