using System.Data.Common;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Worker;
using SmsBuyz.Analytics.Worker;
using SmsBuyz.Analytics.Worker.Jobs;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Page;

/// <summary>
/// A worker (the real host, a real SQLite file) filled from the sandbox over HTTP, as a user's would be after a few
/// sweeps: the market of two products in five countries, a products sweep that failed for one country, two orders
/// bought outside the tool (one with a code), dry-run buys of an enabled rule, alerts of a Notify rule, the latest
/// report, and the kill switch on. Its dashboard, and so the page, listens on the address <see cref="StartAsync"/> is given.
/// </summary>
public sealed class PageWorld : IAsyncDisposable
{
    public const string BuyRule = "cheap-telegram", AlertRule = "whatsapp-alert", FailingCountry = "us";

    private readonly TempFolder _folder;

    private PageWorld(TempFolder folder, SandboxServer sandbox, WorkerHost worker) => (_folder, Sandbox, Worker) = (folder, sandbox, worker);

    public SandboxServer Sandbox { get; }
    public WorkerHost Worker { get; }
    public string KillSwitchFile => Path.Combine(_folder.Path, "STOP");

    /// <summary>The page's address: the dashboard's host at <c>/</c>.</summary>
    public Uri Page => new(Worker.Services.GetRequiredService<DashboardServer>().Url!, "/");

    public static async Task<PageWorld> StartAsync(string address, string? username = null, string? password = null)
    {
        var folder = new TempFolder();
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 5, Products = 10, SmsNeverProbability = 1 });
        var settings = new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["SmsBuyz:ApiKey"] = sandbox.Options.ApiKey,
            ["SmsBuyz:MaxReadRetries"] = "0",
            ["Hangfire:Storage"] = "InMemory",
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:Url"] = $"http://{address}:0/hangfire",
            ["Monitor:Countries:0"] = "ru", ["Monitor:Countries:1"] = FailingCountry, ["Monitor:Countries:2"] = "gb",
            ["Monitor:Products:0"] = "telegram", ["Monitor:Products:1"] = "whatsapp",
            ["AutoBuy:Mode"] = "DryRun",
            ["AutoBuy:KillSwitchFile"] = Path.Combine(folder.Path, "STOP"),
            ["Rules:0:Name"] = BuyRule, ["Rules:0:Product"] = "telegram", ["Rules:0:Countries:0"] = "*",
            ["Rules:0:MaxPrice"] = "100", ["Rules:0:MaxOrdersPerDay"] = "3", ["Rules:0:MaxSpendPerDay"] = "50",
            ["Rules:1:Name"] = AlertRule, ["Rules:1:Action"] = "Notify", ["Rules:1:Product"] = "whatsapp", ["Rules:1:Countries:0"] = "*",
            ["Rules:1:MaxPrice"] = "100",
        };
        if (username is not null && password is not null)
            (settings["Dashboard:Username"], settings["Dashboard:Password"]) = (username, password);
        var worker = await WorkerHost.CreateAsync(folder.Path, settings);
        await worker.Host.StartAsync();
        var world = new PageWorld(folder, sandbox, worker);
        await world.FillAsync();
        return world;
    }

    private async Task FillAsync()
    {
        // Two orders bought outside the tool (the account sweep stores them; the tracker only watches them), one with a code.
        var offers = Sandbox.State.CurrentOffers().Where(o => o.Product == "telegram" && o.Qty > 0).Take(2).ToList();
        using (var http = new HttpClient { BaseAddress = Sandbox.BaseUrl })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sandbox.Options.ApiKey);
            foreach (var o in offers)
                (await http.GetAsync(new Uri($"user/buy/activation/{o.CountryIso}/{o.Operator}/{o.Product}", UriKind.Relative))).EnsureSuccessStatusCode();
        }
        Sandbox.State.DeliverSms(Sandbox.State.Orders[0].Id, "012345");

        Sandbox.Options.Faults.Kinds = FaultKinds.ServerError;
        Sandbox.Options.Faults.PathContains = $"/guest/products/{FailingCountry}/";
        Sandbox.Options.Faults.Probability = 1;
        Worker.Trigger(JobIds.Products);
        await Worker.WaitForSweepsAsync(JobIds.Products, 1);
        Sandbox.Options.Faults.Probability = 0;
        Worker.Trigger(JobIds.Prices);
        await Worker.WaitForSweepsAsync(JobIds.Prices, 1);
        Worker.Trigger(JobIds.Account);
        await Worker.WaitForSweepsAsync(JobIds.Account, 1);
        await WorkerHost.WaitUntilAsync(async () => await Worker.CountAsync($"buy_intent WHERE rule = '{BuyRule}'") > 0
            && await Worker.CountAsync($"rule_alert WHERE rule = '{AlertRule}'") > 0, "the rules to see the market");
        await WorkerHost.WaitUntilAsync(async () => await Worker.CountAsync("order_sms") > 0, "the code of the first order");

        Worker.Trigger(JobIds.Reports);
        await WorkerHost.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(_folder.Path, "reports", "index.html"))), "the latest report", 120);
        await File.WriteAllTextAsync(KillSwitchFile, "");
        // The engine's next step sees the switch; no buy starts after it, so the figures hold still from here.
        await Task.Delay(Analytics.AutoBuy.AutoBuyService.Step * 2);
    }

    public async Task<DbConnection> OpenAsync() => await Worker.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Sandbox.DisposeAsync();
        _folder.Dispose();
    }
}
