using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsBuyz.Analytics.Reports;
using SmsBuyz.Analytics.Worker.Jobs;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>report [--from] [--to] [--out] [--product]... [--country]... [--provider] [--verbose]</c>: CSV tables, charts and index.html in one folder.</summary>
public static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string?>("--from") { Description = "From this UTC date/time, inclusive (default: Reports:DefaultDays days before --to)" };
        var to = new Option<string?>("--to") { Description = "Up to this UTC date/time, exclusive (default: now)" };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder to write (replaced); default Reports:OutputDirectory/yyyy-MM-dd_HHmm plus a copy named latest",
        };
        var products = new Option<string[]>("--product") { Description = "Only this product (repeatable)" };
        var countries = new Option<string[]>("--country") { Description = "Only this country: ISO code or name, e.g. ru or russia (repeatable)" };
        var provider = ProviderOption.Create();
        var verbose = new Option<bool>("--verbose") { Description = "Print each chart as it is drawn and, at the end, each stage's start and duration (stderr)" };
        var command = new Command("report",
            "Write a report: CSV tables, PNG and SVG charts and an index.html showing them, for a period. Prints the path of index.html.")
        {
            from, to, output, products, countries, provider, verbose,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var builder = services.GetRequiredService<ReportBuilder>();
            var zone = services.GetRequiredService<IOptions<ScheduleOptions>>().Value.TimeZone;
            var scope = builder.DefaultScope(GlobalOptions.ParseTime(parse.GetValue(from), "--from"), GlobalOptions.ParseTime(parse.GetValue(to), "--to"),
                parse.GetValue(products) ?? [], GlobalOptions.ParseCountries(parse.GetValue(countries))) with
            {
                TimeZone = zone,
                Provider = await ProviderOption.ResolveAsync(services, parse.GetValue(provider), token),
            };
            if (scope.From >= scope.To)
                throw new Configuration.ConfigurationException($"--from must be before --to (got {scope.Label})");
            try
            {
                var stages = new ReportStages();
                var progress = new ConsoleProgress(stderr);
                // A line per chart (some 70 on a default report) only when asked for.
                var index = await builder.BuildAsync(scope, parse.GetValue(output), progress, token, stages: stages,
                    detail: parse.GetValue(verbose) ? progress : null);
                if (parse.GetValue(verbose))
                    foreach (var line in stages.Describe())
                        await stderr.WriteLineAsync($"report: {line}");
                await stdout.WriteLineAsync(index);
                return ExitCodes.Ok;
            }
            catch (MissingFontException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.PartialFailure;
            }
        }, ct));
        return command;
    }

    /// <summary>Progress lines on stderr, synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class ConsoleProgress(TextWriter stderr) : IProgress<string>
    {
        public void Report(string value) => stderr.WriteLine($"report: {value}");
    }
}
