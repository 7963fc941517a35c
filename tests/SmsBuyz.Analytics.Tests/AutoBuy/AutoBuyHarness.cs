using System.Globalization;
using Dapper;
using SmsBuyz.Analytics.AutoBuy;
using SmsBuyz.Analytics.Market.Sweeps;
using SmsBuyz.Analytics.Providers;
using SmsBuyz.Analytics.Storage;
using SmsBuyz.Analytics.Tests.Infrastructure;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.AutoBuy;

/// <summary>
/// The sandbox on loopback and the app's services on a real database (a SQLite file, or a PostgreSQL database of the
/// test cluster), sharing one fake clock; a test moves time and steps the auto-buy engine itself, so simulated hours
/// run in seconds and every step is deterministic.
/// </summary>
public sealed class AutoBuyHarness : IAsyncDisposable
{
    private AutoBuyHarness(SandboxEnvironment env, string killSwitchPath)
    {
        Env = env;
        KillSwitchPath = killSwitchPath;
    }

    public SandboxEnvironment Env { get; }
    public SandboxServer Sandbox => Env.Sandbox;
    public TestServices Services => Env.Services;
    public string KillSwitchPath { get; }

    public static async Task<AutoBuyHarness> StartAsync(SandboxOptions options, IDictionary<string, string?> settings,
        StorageProvider storage = StorageProvider.Sqlite)
    {
        var killSwitch = Path.Combine(Path.GetTempPath(), "smsbuyz-kill-switch", Guid.NewGuid().ToString("N"));
        Dictionary<string, string?> values = [];
        var env = await SandboxEnvironment.StartAsync(options, _ =>
        {
            values["Monitor:Countries:0"] = "ru";
            values["Monitor:Products:0"] = "telegram";
            values["AutoBuy:ClockSkew"] = "00:00:30";
            values["AutoBuy:KillSwitchFile"] = killSwitch;
            foreach (var (key, value) in settings)
                values[key] = value;
            return values;
        }, storage);
        return new AutoBuyHarness(env, killSwitch);
    }

    public static Dictionary<string, string?> Rule(int index, string name, string product, string country, params (string Key, string Value)[] more)
    {
        var rule = new Dictionary<string, string?>
        {
            [$"Rules:{index}:Name"] = name,
            [$"Rules:{index}:Product"] = product,
            [$"Rules:{index}:Countries:0"] = country,
        };
        foreach (var (key, value) in more)
            rule[$"Rules:{index}:{key}"] = value;
        return rule;
    }

    /// <summary>Later parts win.</summary>
    public static Dictionary<string, string?> Merge(params IDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in parts.SelectMany(p => p))
            merged[key] = value;
        return merged;
    }

    /// <summary>Sets every offer of a product in a country to one price (stock kept above zero).</summary>
    public void SetAll(string country, string product, decimal price)
    {
        foreach (var o in Sandbox.State.CurrentOffers().Where(o => o.CountryIso == country && o.Product == product))
            Sandbox.State.SetOffer(country, o.Operator, product, price, Math.Max(o.Qty, 100));
    }

    public AutoBuyEngine Engine => Services.Get<AutoBuyEngine>();

    /// <summary>The sandbox's account, as the app learns it from the sandbox's profile.</summary>
    public Task<AccountRef> AccountAsync() => Services.Get<Identities>().AccountAsync(CancellationToken.None);

    /// <summary>A prices sweep of the monitored market.</summary>
    public Task<SweepSummary> SweepAsync() => PricesSweep.RunAsync(Services);

    /// <summary>Advances the shared clock by <paramref name="step"/> and runs one engine step, <paramref name="count"/> times.</summary>
    public async Task StepAsync(TimeSpan step, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Services.Time.Advance(step);
            await Engine.StepAsync(CancellationToken.None);
        }
    }

    /// <summary>The cheapest in-stock offer of a product in a country right now at the sandbox.</summary>
    public MarketOffer Cheapest(string country, string product) => Sandbox.State.CurrentOffers()
        .Where(o => o.CountryIso == country && o.Product == product && o.Qty > 0).OrderBy(o => o.Price).First();

    public async Task<List<(long Id, string Rule, IntentState State, long? OrderId, decimal Reserved, string Day, long? SentAt, string? Error)>> IntentsAsync()
    {
        await using var connection = await Services.OpenAsync();
        var rows = await connection.QueryAsync<(long Id, string Rule, string State, long? OrderId, long Reserved, string Day, long? SentAt, string? Error)>(
            "SELECT id, rule, state, order_id, reserved, day, sent_at, error FROM buy_intent ORDER BY id");
        return rows.Select(r => (r.Id, r.Rule, Enum.Parse<IntentState>(r.State), r.OrderId, Analytics.Storage.Money.FromUnits(r.Reserved), r.Day, r.SentAt, r.Error)).ToList();
    }

    public async Task<Dictionary<long, string>> LocalStatusesAsync()
    {
        await using var connection = await Services.OpenAsync();
        return (await connection.QueryAsync<(long Id, string Status)>("SELECT id, status FROM orders")).ToDictionary(r => r.Id, r => r.Status);
    }

    public static string Price(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public void SetKillSwitch(bool on)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KillSwitchPath)!);
        if (on)
            File.WriteAllText(KillSwitchPath, "stop");
        else
            File.Delete(KillSwitchPath);
    }

    public async ValueTask DisposeAsync()
    {
        // File.Delete ignores a missing file but not a missing folder, which a fresh machine's temp has not made yet.
        if (File.Exists(KillSwitchPath))
            File.Delete(KillSwitchPath);
        await Env.DisposeAsync();
    }
}
