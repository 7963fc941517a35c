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
        // finds the latency counted from before its move, however late this thread gets to the delay, and whether its
        // move lands before, during or after the arming of the delay's timer (WaitUntilAsync).
        var drawnAt = time.GetUtcNow();
        var (kind, latency) = draw.Next(context.Request.Path.Value ?? "");
        switch (kind)
        {
            case FaultKinds.Latency:
                // On the injected clock: with a FakeTimeProvider the answer waits until the test advances time.
                await WaitUntilAsync(time, drawnAt + latency, context.RequestAborted).ConfigureAwait(false);
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

    /// <summary>How far the clock may move while a timer is armed before it is armed again (see <see cref="WaitUntilAsync"/>).</summary>
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Waits until <paramref name="time"/> reads <paramref name="deadline"/> or later. A timer (Task.Delay's too) counts
    /// its due time from when it is armed, not from when the time left was read: a clock moved between the two would
    /// leave it due that much past the deadline. A test that advances a FakeTimeProvider the moment it sees the fault
    /// drawn can land its one advance in that gap (seen on a loaded 2-core machine: the clock read at 12:00:01, the
    /// test's 30 s advance, then the 30 s timer armed at 12:00:31); the timer would then never fire, the client's own
    /// timeout would abort the request, and the endpoint (a buy) would never run. So the clock is read again once the
    /// timer is armed: past the deadline, the wait is over; moved short of it, the timer is armed again from the new
    /// reading. A move within <see cref="ArmingSlack"/> is let pass: the system clock moves a little between any two
    /// reads, and re-arming on every tick of it would spin until the deadline.
    /// </summary>
    private static async Task WaitUntilAsync(TimeProvider time, DateTimeOffset deadline, CancellationToken ct)
    {
        while (true)
        {
            var read = time.GetUtcNow();
            if (read >= deadline)
                return;
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var timer = time.CreateTimer(static f => ((TaskCompletionSource)f!).TrySetResult(), fired, deadline - read,
                Timeout.InfiniteTimeSpan);
            var armed = time.GetUtcNow();
            if (armed >= deadline)
                return;
            if (armed - read <= ArmingSlack)
            {
                await fired.Task.WaitAsync(ct).ConfigureAwait(false);
                return;
            }
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
