using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SmsBuyz.Analytics.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol on a WebSocket: navigate, evaluate, screenshot.
/// No browser-automation package: one process, one page, a few commands.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly List<string> _errors = [];
    private int _nextId;

    private HeadlessChromium(Process process, string profile) => (_process, _profile) = (process, profile);

    public static async Task<HeadlessChromium> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install it with `apt-get install -y chromium` (.ci/run does)");
        var profile = Directory.CreateTempSubdirectory("smsbuyz-chromium-").FullName;
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank" })
            start.ArgumentList.Add(arg);
        var chromium = new HeadlessChromium(Process.Start(start)!, profile);
        chromium._process.BeginErrorReadLine();
        chromium._process.BeginOutputReadLine();
        await chromium.ConnectAsync();
        return chromium;
    }

    private async Task ConnectAsync()
    {
        // Chromium writes its port and browser path into DevToolsActivePort once it listens.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            Assert.True(DateTime.UtcNow < until && !_process.HasExited, "chromium did not open its DevTools port");
            await Task.Delay(50);
        }
        var port = File.ReadAllLines(portFile)[0];
        using var http = new HttpClient();
        // The about:blank page may be listed a moment after the port opens.
        JsonNode? page;
        while ((page = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray()
                   .FirstOrDefault(t => (string?)t!["type"] == "page")) is null)
        {
            Assert.True(DateTime.UtcNow < until && !_process.HasExited, "chromium opened no page");
            await Task.Delay(50);
        }
        await _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
    }

    /// <summary>
    /// What the pages opened so far reported as errors: uncaught exceptions, <c>console.error</c>, and the browser's own
    /// error entries (a resource that failed to load, a Content-Security-Policy violation). Collected from the events
    /// that arrived up to the last command; call after one more command to see the latest page's.
    /// </summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _errors];

    /// <summary>Starts collecting <see cref="ConsoleErrors"/>.</summary>
    public async Task WatchConsoleAsync()
    {
        await SendAsync("Runtime.enable", new JsonObject());
        await SendAsync("Log.enable", new JsonObject());
    }

    /// <summary>Sends these headers with every request from now on (e.g. Authorization, for a page behind basic auth).</summary>
    public async Task SetHeadersAsync(IReadOnlyDictionary<string, string> headers)
    {
        await SendAsync("Network.enable", new JsonObject());
        var values = new JsonObject();
        foreach (var (name, value) in headers)
            values[name] = value;
        await SendAsync("Network.setExtraHTTPHeaders", new JsonObject { ["headers"] = values });
    }

    /// <summary>Opens the URL and returns when the page's load event fired (images included).</summary>
    public async Task NavigateAsync(Uri url)
    {
        await SendAsync("Page.enable", new JsonObject());
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, waitForEvent: "Page.loadEventFired");
    }

    /// <summary>Evaluates a script returning JSON text, and parses it.</summary>
    public async Task<JsonNode> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return JsonNode.Parse((string)result["result"]!["value"]!)!;
    }

    /// <summary>The whole page at <paramref name="width"/> pixels: as tall as its content is at that width.</summary>
    public async Task ScreenshotPageAsync(string path, int width)
    {
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = 600, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var height = (int)await EvaluateAsync("String(document.documentElement.scrollHeight)");
        await ScreenshotAsync(path, width, height);
    }

    public async Task ScreenshotAsync(string path, int width, int height)
    {
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, string? waitForEvent = null)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        JsonNode? result = null;
        var eventSeen = waitForEvent is null;
        while (result is null || !eventSeen)
        {
            var reply = await ReceiveAsync(timeout.Token);
            if ((int?)reply["id"] == id)
                result = reply["result"] ?? throw new InvalidOperationException($"{method}: {reply["error"]?.ToJsonString()}");
            else if ((string?)reply["method"] == waitForEvent)
                eventSeen = true;
            else if (Error(reply) is { } error)
                _errors.Add(error);
        }
        return result;
    }

    /// <summary>The text of an event that reports an error on the page, else null.</summary>
    private static string? Error(JsonNode message)
    {
        var p = message["params"];
        return (string?)message["method"] switch
        {
            "Runtime.exceptionThrown" => $"exception: {p?["exceptionDetails"]?.ToJsonString()}",
            "Runtime.consoleAPICalled" when (string?)p?["type"] is "error" or "assert" => $"console.error: {p?["args"]?.ToJsonString()}",
            "Log.entryAdded" when (string?)p?["entry"]?["level"] == "error" => $"{p?["entry"]?["source"]}: {p?["entry"]?["text"]} ({p?["entry"]?["url"]})",
            _ => null,
        };
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(chunk, ct);
            buffer.Write(chunk, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonNode.Parse(buffer.ToArray())!;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { /* chromium may still hold a file for a moment; a leftover temp folder is harmless */ }
    }
}
