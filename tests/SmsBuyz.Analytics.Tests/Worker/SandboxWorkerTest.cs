using Microsoft.Extensions.DependencyInjection;
using SmsBuyz.Sandbox;

namespace SmsBuyz.Analytics.Tests.Worker;

/// <summary>A sandbox on loopback and a temp folder for the worker's files; the worker is started per test.</summary>
public abstract class SandboxWorkerTest : IAsyncLifetime, IDisposable
{
    protected TempFolder Folder { get; } = new();
    protected SandboxServer Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Countries = 10, Products = 20 });

    protected async Task<WorkerHost> StartAsync(string? apiKey = null, Action<IServiceCollection>? services = null, bool inMemory = false,
        IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["SmsBuyz:BaseUrl"] = Sandbox.BaseUrl.ToString(),
            ["SmsBuyz:ApiKey"] = apiKey ?? Sandbox.Options.ApiKey,
            ["Hangfire:Storage"] = inMemory ? "InMemory" : "Sqlite",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var worker = await WorkerHost.CreateAsync(Folder.Path, values, services);
        await worker.Host.StartAsync();
        return worker;
    }

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
