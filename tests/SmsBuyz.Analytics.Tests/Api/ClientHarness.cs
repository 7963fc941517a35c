using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SmsBuyz.Analytics.Api;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>
/// A stub server plus a <see cref="SmsBuyzClient"/> built the way the app builds it (DI, options,
/// <see cref="ApiServiceCollectionExtensions.AddSmsBuyzClient"/>), with every log line captured at Trace.
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-LEAK-CHECK-123";

    private readonly ServiceProvider _services;

    private ClientHarness(StubApiServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
        Client = services.GetRequiredService<SmsBuyzClient>();
        Logs = services.GetFakeLogCollector();
    }

    public StubApiServer Server { get; }
    public SmsBuyzClient Client { get; }
    public FakeLogCollector Logs { get; }

    public static async Task<ClientHarness> StartAsync(Action<SmsBuyzOptions>? configure = null)
    {
        var server = await StubApiServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.Configure<SmsBuyzOptions>(options =>
        {
            options.BaseUrl = server.BaseUrl;
            options.ApiKey = ApiKey;
            options.TimeoutSeconds = 15; // generous: a loaded 2-core CI machine can stall a loopback answer for seconds
            options.RequestsPerSecond = 1000;
            options.MaxReadRetries = 0; // each error kind is seen on its first attempt; ClientRetryTests cover retries
            configure?.Invoke(options);
        });
        services.AddSmsBuyzClient(); // no validation: tests send keys the settings would refuse
        return new ClientHarness(server, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
