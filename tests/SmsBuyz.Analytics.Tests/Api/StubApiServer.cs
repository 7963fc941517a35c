using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SmsBuyz.Analytics.Tests.Api;

/// <summary>
/// A real HTTP server on 127.0.0.1 (port 0) that answers each path under <c>/v1/</c> with a canned
/// <see cref="StubReply"/> and records every request it received, headers included.
/// </summary>
public sealed class StubApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, StubReply>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private StubApiServer(WebApplication app) => _app = app;

    /// <summary>The base URL to give the client, ending in <c>/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <param name="port">0 = any free port; a fixed one lets a test bring a "refused" address back to life.</param>
    public static async Task<StubApiServer> StartAsync(int port = 0)
    {
        // The empty builder reads no appsettings file, so no file watcher (inotify instance) per stub.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{port}");
        var stub = new StubApiServer(builder.Build());
        stub._app.Run(stub.HandleAsync);
        await stub._app.StartAsync();
        var address = stub._app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        stub.BaseUrl = address.TrimEnd('/') + "/v1";
        return stub;
    }

    /// <summary>Answers <paramref name="path"/> (relative to <c>/v1/</c>, no query) with <paramref name="reply"/>.</summary>
    public void Set(string path, StubReply reply) => _routes[path] = _ => reply;

    /// <summary>Answers <paramref name="path"/> with a reply computed from the request (e.g. its query).</summary>
    public void Set(string path, Func<RecordedRequest, StubReply> reply) => _routes[path] = reply;

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    private async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimStart('/');
        path = path.StartsWith("v1/", StringComparison.Ordinal) ? path[3..] : path;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(path, context.Request.QueryString.Value ?? "", headers, context.Connection.Id);
        _requests.Enqueue(request);

        var reply = _routes.TryGetValue(path, out var route) ? route(request) : StubReply.Text("no stub for " + path, 404);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        switch (reply.Action)
        {
            case StubAction.Abort:
                context.Abort();
                return;
            case StubAction.Stall:
                await WaitQuietlyAsync(stall.Token);
                return;
            case StubAction.StallMidBody or StubAction.DropMidBody:
                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                context.Response.ContentType = reply.ContentType;
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), stall.Token);
                await context.Response.Body.FlushAsync(stall.Token);
                if (reply.Action == StubAction.DropMidBody)
                    context.Abort();
                else
                    await WaitQuietlyAsync(stall.Token);
                return;
            case StubAction.EchoAuthorization:
                await WriteAsync(context, reply with { Body = reply.Body + request.Header("Authorization") });
                return;
            default:
                await WriteAsync(context, reply);
                return;
        }
    }

    private static async Task WriteAsync(HttpContext context, StubReply reply)
    {
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        foreach (var (name, value) in reply.Headers)
            context.Response.Headers[name] = value;
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    private static async Task WaitQuietlyAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the stub is stopping: either way, nothing more to send.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
