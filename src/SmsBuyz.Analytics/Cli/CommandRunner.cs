using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Configuration;
using SmsBuyz.Analytics.Storage;

namespace SmsBuyz.Analytics.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int PartialFailure = 1;
    public const int BadConfiguration = 2;
}

/// <summary>
/// Runs a command body inside a built host: configuration validated first (exit 2 naming the key),
/// the database migrated, then the body. Failures print one clear line instead of a stack trace.
/// </summary>
public static partial class CommandRunner
{
    public static async Task<int> RunAsync(string? configFile, TextWriter stdout, TextWriter stderr,
        Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken ct,
        IDictionary<string, string?>? overrides = null, bool watchConfig = false)
    {
        IHost? host = null;
        try
        {
            host = AppHost.CreateBuilder(configFile, overrides, watchConfig).Build();
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex) when (ex is ConfigurationException or OptionsValidationException or InvalidOperationException or InvalidDataException or FormatException)
        {
            host?.Dispose();
            await stderr.WriteLineAsync(DescribeConfigurationError(ex));
            return ExitCodes.BadConfiguration;
        }

        using (host)
        {
            try
            {
                await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
                return await body(host.Services, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await stderr.WriteLineAsync("cancelled");
                return ExitCodes.PartialFailure;
            }
            catch (SqliteException ex)
            {
                var path = host.Services.GetRequiredService<SqliteConnectionFactory>().DatabasePath;
                await stderr.WriteLineAsync($"error: database {path}: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            catch (ConfigurationException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadConfiguration;
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
        }
    }

    private static string DescribeConfigurationError(Exception ex) => ex switch
    {
        OptionsValidationException v => "configuration error:\n  " + string.Join("\n  ", v.Failures),
        // Binder errors name the key and the .NET type ("... at 'SmsBuyz:TimeoutSeconds' to type 'System.Int32'."); say what fits.
        InvalidOperationException when TypeName().Match(ex.Message) is { Success: true } m =>
            $"configuration error: {ex.Message} It must be {Allowed(m.Groups[1].Value)}.",
        // A broken JSON file: the inner exception says where (line and byte).
        InvalidDataException { InnerException: { } inner } =>
            $"configuration error: {ex.Message} {inner.Message} {inner.InnerException?.Message}".TrimEnd(),
        _ => $"configuration error: {ex.Message}",
    };

    private static string Allowed(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        _ when typeof(CommandRunner).Assembly.GetType(typeName) is { IsEnum: true } e => "one of " + string.Join(", ", Enum.GetNames(e)),
        _ => $"a {typeName}",
    };

    [System.Text.RegularExpressions.GeneratedRegex("to type '([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
