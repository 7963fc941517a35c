using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace SmsBuyz.Analytics;

/// <summary>
/// Logging and service-manager defaults of every command. They are set here in code, so a <c>--config</c> file
/// without a Logging section (or no file at all, as with the .NET tool) is exactly as quiet as the bundled
/// appsettings.json; a Logging section still overrides any of them.
/// </summary>
public static class HostDefaults
{
    public static void Apply(HostApplicationBuilder builder)
    {
        // HttpClientFactory logs every request at Information, ASP.NET Core (the dashboard, the sandbox) every
        // request too; what a worker's log is for is said by our own categories. Polly's events are Debug already.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // Order matters: each of these is overridden by the next, and the Logging:Console section (bound by
        // AddConsole) comes last, so Logging:Console:FormatterName json or systemd still wins.
        builder.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            o.FormatterName = ConsoleFormatterNames.Simple; // without a name the provider drops SingleLine below
            o.LogToStandardErrorThreshold = LogLevel.Trace; // logs on stderr; stdout carries what a command prints
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // Started by systemd: Type=notify (READY=1 once started, STOPPING=1 on stop) and journald's level prefixes.
        // A no-op anywhere else.
        builder.Services.AddSystemd();
        builder.Logging.AddConsole();
    }
}
