using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsBuyz.Analytics.Cli;

namespace SmsBuyz.Analytics.Tests.Infrastructure;

/// <summary>Runs the real command line in-process against a temp folder holding a config file and a database.</summary>
public sealed class CliHarness : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "smsbuyz-cli-tests", Guid.NewGuid().ToString("N"));
    public string ConfigPath => Path.Combine(Directory, "settings.json");
    public string DatabasePath => Path.Combine(Directory, "cli.db");

    public CliHarness(object? settings = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        WriteConfig(settings ?? new { });
    }

    /// <summary>Writes the config file; Storage:Database always points into the temp folder.</summary>
    public void WriteConfig(object settings)
    {
        var json = JsonSerializer.SerializeToNode(settings)!.AsObject();
        json["Storage"] ??= new System.Text.Json.Nodes.JsonObject { ["Database"] = DatabasePath };
        File.WriteAllText(ConfigPath, json.ToJsonString());
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
