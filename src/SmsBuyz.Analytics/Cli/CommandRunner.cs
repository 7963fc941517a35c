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
public static class CommandRunner
{
    public static async Task<int> RunAsync(string? configFile, TextWriter stdout, TextWriter stderr,
        Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken ct,
        IDictionary<string, string?>? overrides = null)
    {
        IHost host;
        try
        {
            host = AppHost.CreateBuilder(configFile, overrides).Build();
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex) when (ex is ConfigurationException or OptionsValidationException or InvalidOperationException or InvalidDataException or FormatException)
        {
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
        // Binder errors name the key: "Failed to convert configuration value at 'SmsBuyz:TimeoutSeconds' to type 'System.Int32'."
        _ => $"configuration error: {ex.Message}",
    };
}
