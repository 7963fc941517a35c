using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Api;
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
    /// <param name="migrate">False for a command that opens its databases itself (<c>copy-to-postgresql</c>): the
    /// configured one need not be the one it reads, and migrating it would create a SQLite file that is not there.</param>
    public static async Task<int> RunAsync(string? configFile, TextWriter stderr,
        Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken ct,
        IDictionary<string, string?>? overrides = null, bool watchConfig = false, bool migrate = true)
    {
        IHost? host = null;
        var failures = new List<string>();
        try
        {
            var builder = AppHost.CreateBuilder(configFile, overrides, watchConfig);
            // Before Build: the framework would throw on an unreadable log level there, without naming the key.
            failures.AddRange(LogLevels.Unfit(builder.Configuration));
            if (failures.Count == 0)
            {
                host = builder.Build();
                // Every problem at once: each options class checks its own section, and a misspelled section name is
                // found apart from them (its settings would otherwise just be missing).
                var sections = host.Services.GetServices<SettingsSection>().ToList();
                failures.AddRange(SectionNames.Misspelled(host.Services.GetRequiredService<IConfiguration>(), sections));
                // One section at a time, before the framework's start validation: merely resolving that validator builds
                // services (the metrics' gauges, the database) that read Storage, so a Storage problem hid all others.
                foreach (var section in sections)
                {
                    try
                    {
                        section.Check(host.Services);
                    }
                    catch (OptionsValidationException ex)
                    {
                        failures.AddRange(ex.Failures);
                    }
                }
                if (failures.Count == 0)
                    host.Services.GetRequiredService<IStartupValidator>().Validate();
            }
        }
        catch (Exception ex) when (ConfigurationFailures(ex) is { } found)
        {
            failures.AddRange(found);
        }
        if (failures.Count > 0 || host is null)
        {
            host?.Dispose();
            await stderr.WriteLineAsync("configuration error:\n  " + string.Join("\n  ", failures));
            return ExitCodes.BadConfiguration;
        }

        using (host)
        {
            try
            {
                if (migrate)
                    await host.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
                return await body(host.Services, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await stderr.WriteLineAsync("cancelled");
                return ExitCodes.PartialFailure;
            }
            catch (DbException ex)
            {
                var database = host.Services.GetRequiredService<Database>().Describe;
                await stderr.WriteLineAsync($"error: database {database}: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            catch (ConfigurationException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadConfiguration;
            }
            catch (SmsBuyzApiException ex)
            {
                // The API refused a value the user gave (an unknown product, a country it does not serve) or is down.
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
        }
    }

    /// <summary>
    /// What is wrong with the settings, when building the host failed because of them: a failed check or validation
    /// (one per options class; several arrive together), a setting this app refused, or a configuration file that is
    /// not valid JSON (the inner exception says where). Null for anything else, which is not the user's settings.
    /// </summary>
    private static IReadOnlyList<string>? ConfigurationFailures(Exception ex) => ex switch
    {
        ConfigurationException c => [c.Message],
        OptionsValidationException v => [.. v.Failures],
        AggregateException a when a.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. a.InnerExceptions.Cast<OptionsValidationException>().SelectMany(v => v.Failures)],
        InvalidDataException { InnerException: { } inner } => [$"{ex.Message} {inner.Message} {inner.InnerException?.Message}".TrimEnd()],
        _ => null,
    };
}
