using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SmsBuyz.Sandbox.Faults;

/// <summary>Applies the drawn fault around the endpoint, the way a flaky provider or its proxy would fail.</summary>
internal sealed class FaultMiddleware(FaultDraw draw, SandboxFaults faults, TimeProvider time)
{
    private const string HtmlPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // Read before the draw: a test that sees the fault taken (SandboxFaults.Remaining) and then moves the clock
        // finds the latency counted from before its move, however late this thread gets to the delay.
        var drawnAt = time.GetUtcNow();
        var (kind, latency) = draw.Next(context.Request.Path.Value ?? "");
        switch (kind)
        {
            case FaultKinds.Latency:
                // On the injected clock: with a FakeTimeProvider the answer waits until the test advances time.
                var left = drawnAt + latency - time.GetUtcNow();
                if (left > TimeSpan.Zero)
                    await Task.Delay(left, time, context.RequestAborted).ConfigureAwait(false);
                await next(context).ConfigureAwait(false);
                break;
            case FaultKinds.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new Endpoints.ErrorBody("internal server error")).ConfigureAwait(false);
                break;
            case FaultKinds.HtmlErrorPage:
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(HtmlPage, Encoding.UTF8).ConfigureAwait(false);
                break;
            case FaultKinds.TruncatedJson:
                var body = await RunBuffered(context, next).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentLength = body.Length / 2;
                await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2)).ConfigureAwait(false);
                break;
            case FaultKinds.DropConnection:
                context.Abort();
                break;
            case FaultKinds.DropAfterProcessing:
                // The endpoint's effects (a charged buy) stay; only the answer is lost.
                await RunBuffered(context, next).ConfigureAwait(false);
                context.Abort();
                break;
            case FaultKinds.ServerErrorAfterProcessing:
                // The endpoint's effects stay; its answer is replaced, as a proxy failing on the way back would.
                await RunBuffered(context, next).ConfigureAwait(false);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(new Endpoints.ErrorBody("internal server error")).ConfigureAwait(false);
                break;
            case FaultKinds.EchoAuthorization:
                // The header first, well inside any excerpt a client keeps of an error body.
                var echo = JsonSerializer.Serialize(new EchoBody("internal server error",
                    context.Request.Headers.Authorization.ToString(), context.Request.Path.Value ?? ""), Endpoints.ApiJson.Options);
                faults.RecordEcho(echo);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(echo, Encoding.UTF8).ConfigureAwait(false);
                break;
            case FaultKinds.RateLimited:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new Endpoints.ErrorBody("too many requests")).ConfigureAwait(false);
                break;
            default:
                await next(context).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Runs the endpoint into memory, so nothing reaches the client until the fault decides.</summary>
    private static async Task<byte[]> RunBuffered(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }
}

/// <summary>What <see cref="FaultKinds.EchoAuthorization"/> answers: the error, then the request it quotes.</summary>
internal sealed record EchoBody(string Error, string Authorization, string Path);
