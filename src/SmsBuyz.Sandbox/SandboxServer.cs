using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsBuyz.Sandbox.Endpoints;
using SmsBuyz.Sandbox.Faults;

namespace SmsBuyz.Sandbox;

/// <summary>The sandbox API on Kestrel, bound to 127.0.0.1 only.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SandboxServer(WebApplication app, SandboxOptions options, SandboxState state, Uri baseUrl)
    {
        this.app = app;
        Options = options;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. http://127.0.0.1:54321/v1/ — with the trailing slash, so relative paths like "user/profile" resolve.</summary>
    public Uri BaseUrl { get; }

    public SandboxState State { get; }

    public SandboxOptions Options { get; }

    /// <summary>Starts on <paramref name="port"/> (0 = any free port). Time comes from <paramref name="timeProvider"/> (default: system).</summary>
    public static async Task<SandboxServer> StartAsync(
        SandboxOptions options, int port = 0, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var state = new SandboxState(options, new SandboxClock(time, options.TimeAcceleration, options.MarketTick));

        // The empty builder reads no appsettings or environment, so the host app's configuration cannot leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        var faults = new FaultMiddleware(new FaultDraw(options.Faults, options.Seed), options.Faults, time);
        app.Use(faults.InvokeAsync);
        app.UseRouting();
        var answers = Answers.For(options);
        app.MapGuest(state, answers);
        var user = app.MapGroup("/v1/user").AddEndpointFilter(new BearerAuth(options.ApiKey, answers));
        user.MapAccount(state, answers, options.OrdersShape);
        user.MapOrders(state, answers);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // e.g. the port is taken: release what the builder created before reporting it.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new SandboxServer(app, options, state, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
