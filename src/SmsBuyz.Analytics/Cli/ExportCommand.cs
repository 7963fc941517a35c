using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Export;
using SmsBuyz.Analytics.Providers;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>export prices|orders|payments --out FILE</c>: what is stored, as CSV.</summary>
public static class ExportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var export = new Command("export", "Write stored data as CSV (ISO-8601 UTC times, exact amounts, invariant culture).");
        export.Subcommands.Add(Prices(stdout, stderr));
        export.Subcommands.Add(Simple("orders",
            "Orders: id,created_at,provider,account,country,operator,product,price,status,code (the last code received).",
            CsvExporter.OrderHeader, (e, p, ct) => e.OrdersAsync(p, ct), stdout, stderr));
        export.Subcommands.Add(Simple("payments",
            "Payments: id,created_at,account_provider,account,type,provider,amount,balance (provider: the payment system, as the API names it).",
            CsvExporter.PaymentHeader, (e, p, ct) => e.PaymentsAsync(p, ct), stdout, stderr));
        return export;
    }

    private static Option<string> Out(string kind) => new("--out", "-o")
    {
        Description = $"CSV file to write (\"-\" for stdout); default reports/{kind}.csv",
        DefaultValueFactory = _ => Path.Combine("reports", $"{kind}.csv"),
    };

    private static Command Prices(TextWriter stdout, TextWriter stderr)
    {
        var output = Out("prices");
        var latest = new Option<bool>("--latest") { Description = "Only the current state of each series (observed_at = when it took that value)" };
        var products = new Option<string[]>("--product") { Description = "Only this product (repeatable)", AllowMultipleArgumentsPerToken = false };
        var countries = new Option<string[]>("--country") { Description = "Only this country: ISO code or name, e.g. ru or russia (repeatable)" };
        var from = new Option<string?>("--from") { Description = "From this UTC date/time, inclusive (e.g. 2026-01-15)" };
        var to = new Option<string?>("--to") { Description = "Up to this UTC date/time, exclusive" };
        var provider = ProviderOption.Create();
        var command = new Command("prices", "Price change points: observed_at,provider,country,operator,product,price,qty.")
        {
            output, latest, products, countries, from, to, provider,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var filter = new PriceFilter(parse.GetValue(products) ?? [], GlobalOptions.ParseCountries(parse.GetValue(countries)),
                GlobalOptions.ParseTime(parse.GetValue(from), "--from"), GlobalOptions.ParseTime(parse.GetValue(to), "--to"),
                await ProviderOption.ResolveAsync(services, parse.GetValue(provider), token));
            var exporter = services.GetRequiredService<CsvExporter>();
            return await WriteAsync(parse.GetValue(output)!, CsvExporter.PriceHeader,
                exporter.PricesAsync(filter, parse.GetValue(latest), token), stdout, stderr, token);
        }, ct));
        return command;
    }

    private static Command Simple(string name, string description, string[] header,
        Func<CsvExporter, ProviderRef?, CancellationToken, IAsyncEnumerable<string?[]>> rows, TextWriter stdout, TextWriter stderr)
    {
        var output = Out(name);
        var provider = ProviderOption.Create();
        var command = new Command(name, description) { output, provider };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var only = await ProviderOption.ResolveAsync(services, parse.GetValue(provider), token);
            return await WriteAsync(parse.GetValue(output)!, header, rows(services.GetRequiredService<CsvExporter>(), only, token), stdout, stderr, token);
        }, ct));
        return command;
    }

    private static async Task<int> WriteAsync(string path, string[] header, IAsyncEnumerable<string?[]> rows,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var count = await CsvFile.WriteAsync(path, header, rows, stdout, ct);
        if (path != "-")
            await stderr.WriteLineAsync($"wrote {count} rows to {Path.GetFullPath(path)}");
        return ExitCodes.Ok;
    }
}
