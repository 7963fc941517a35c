using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Export;

namespace SmsBuyz.Analytics.Cli;

/// <summary><c>export prices|orders|payments --out FILE</c>: what is stored, as CSV.</summary>
public static class ExportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var export = new Command("export", "Write stored data as CSV (ISO-8601 UTC times, exact amounts, invariant culture).");
        export.Subcommands.Add(Prices(stdout, stderr));
        export.Subcommands.Add(Simple("orders", "Orders: id,created_at,country,operator,product,price,status,code (the last code received).",
            CsvExporter.OrderHeader, (e, ct) => e.OrdersAsync(ct), stdout, stderr));
        export.Subcommands.Add(Simple("payments", "Payments: id,created_at,type,provider,amount,balance.",
            CsvExporter.PaymentHeader, (e, ct) => e.PaymentsAsync(ct), stdout, stderr));
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
        var command = new Command("prices", "Price change points: observed_at,country,operator,product,price,qty.")
        {
            output, latest, products, countries, from, to,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr, async (services, token) =>
        {
            var filter = new PriceFilter(parse.GetValue(products) ?? [], GlobalOptions.ParseCountries(parse.GetValue(countries)),
                GlobalOptions.ParseTime(parse.GetValue(from), "--from"), GlobalOptions.ParseTime(parse.GetValue(to), "--to"));
            var exporter = services.GetRequiredService<CsvExporter>();
            return await WriteAsync(parse.GetValue(output)!, CsvExporter.PriceHeader,
                exporter.PricesAsync(filter, parse.GetValue(latest), token), stdout, stderr, token);
        }, ct));
        return command;
    }

    private static Command Simple(string name, string description, string[] header,
        Func<CsvExporter, CancellationToken, IAsyncEnumerable<string?[]>> rows, TextWriter stdout, TextWriter stderr)
    {
        var output = Out(name);
        var command = new Command(name, description) { output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse.GetValue(GlobalOptions.Config), stderr,
            (services, token) => WriteAsync(parse.GetValue(output)!, header, rows(services.GetRequiredService<CsvExporter>(), token), stdout, stderr, token),
            ct));
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
