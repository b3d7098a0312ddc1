using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One phone: its own browser process with its own profile and a 390×844 page. Console output and
/// the requests the page made are kept for assertions and failure reports.
/// </summary>
internal sealed class Phone : IAsyncDisposable
{
    public const int Width = 390;
    public const int Height = 844;

    private readonly ConcurrentQueue<string> console = new();
    private readonly ConcurrentQueue<PageRequest> requests = new();
    private readonly ConcurrentQueue<PageResponse> responses = new();
    private readonly IReadOnlyList<int> browserPids;
    private readonly IBrowser browser;
    private readonly IBrowserContext context;

    private Phone(string name, string engine, IBrowser browser, IBrowserContext context, IPage page, IReadOnlyList<int> browserPids)
    {
        Name = name;
        Engine = engine;
        this.browser = browser;
        this.context = context;
        Page = page;
        this.browserPids = browserPids;
        page.Console += (_, message) => Note($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Note($"pageerror: {error}");
        page.Request += (_, request) => requests.Enqueue(new PageRequest(DateTime.UtcNow, request.Method, request.Url, null));
        page.Response += (_, response) =>
            responses.Enqueue(new PageResponse(DateTime.UtcNow, response.Request.Method, response.Url, response.Status));
        page.RequestFailed += (_, request) =>
            requests.Enqueue(new PageRequest(DateTime.UtcNow, request.Method, request.Url, request.Failure ?? "failed"));
    }

    public string Name { get; }

    /// <summary><c>chromium</c> or <c>firefox</c>.</summary>
    public string Engine { get; }

    public IPage Page { get; }

    public IReadOnlyList<int> BrowserPids => browserPids;

    public IReadOnlyCollection<PageRequest> Requests => requests.ToArray();

    public IReadOnlyCollection<PageResponse> Responses => responses.ToArray();

    public static async Task<Phone> LaunchChromiumAsync(IPlaywright playwright, int driverPid, string name, string? fakeCameraY4m)
    {
        var args = new List<string>
        {
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--allow-loopback-in-peer-connection",
        };
        if (fakeCameraY4m is not null)
        {
            if (!File.Exists(fakeCameraY4m))
            {
                throw new InvalidOperationException($"The fake camera file {fakeCameraY4m} must exist before the browser starts.");
            }

            args.Add("--use-fake-ui-for-media-stream");
            args.Add("--use-fake-device-for-media-stream");
            args.Add($"--use-file-for-fake-video-capture={fakeCameraY4m}");
        }

        var before = ProcessTree.Children(driverPid);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = RequiredTools.Chromium,
            Headless = true,
            Args = args,
            Timeout = 30_000,
        });
        var pids = ProcessTree.Children(driverPid).Except(before).ToList();
        // Without a granted camera/microphone permission Chromium gathers no ICE candidates at all.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = Width, Height = Height },
            Permissions = ["camera", "microphone"],
        });
        var page = await context.NewPageAsync();
        return new Phone(name, "chromium", browser, context, page, pids);
    }

    public static async Task<Phone> LaunchFirefoxAsync(IPlaywright playwright, int driverPid, string name)
    {
        var before = ProcessTree.Children(driverPid);
        var browser = await playwright.Firefox.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Channel = "moz-firefox",
            ExecutablePath = RequiredTools.Firefox,
            Headless = true,
            Timeout = 60_000,
            FirefoxUserPrefs = new Dictionary<string, object>
            {
                // testing.md §4: loopback candidates, and a camera grant so that Firefox gathers
                // more than the "default address only" (nothing, in the namespace).
                ["media.peerconnection.ice.loopback"] = true,
                ["permissions.default.camera"] = 1,
                ["permissions.default.microphone"] = 1,
                ["media.navigator.permission.disabled"] = true,
                ["network.captive-portal-service.enabled"] = false,
                ["app.update.enabled"] = false,
                ["browser.safebrowsing.malware.enabled"] = false,
                ["browser.safebrowsing.phishing.enabled"] = false,
                ["datareporting.policy.dataSubmissionEnabled"] = false,
                ["toolkit.telemetry.enabled"] = false,
            },
        });
        var pids = ProcessTree.Children(driverPid).Except(before).ToList();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = Width, Height = Height },
        });
        var page = await context.NewPageAsync();
        return new Phone(name, "firefox", browser, context, page, pids);
    }

    /// <summary>A blank page on <paramref name="origin"/> (answered by the test, not the network).</summary>
    public async Task OpenBlankAsync(string origin)
    {
        var url = $"{origin}/__e2e-blank";
        await Page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = "<!doctype html><html><head><meta charset=utf-8><title>e2e</title></head><body></body></html>",
        }));
        await Page.GotoAsync(url);
    }

    public async Task ScreenshotAsync(string fileName)
    {
        Directory.CreateDirectory(RepoPaths.Screenshots);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Screenshots, fileName) });
    }

    public void Note(string line) =>
        console.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {line}"));

    public string Diagnostics(int last = 80)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- {Name} ({Engine}) console, last {last} lines:");
        foreach (var line in console.ToArray().TakeLast(last))
        {
            text.Append("  ").AppendLine(line);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"--- {Name} requests:");
        foreach (var request in requests.ToArray().TakeLast(40))
        {
            text.Append("  ").AppendLine(request.ToString());
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
            await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            Note($"close failed: {e.Message}");
        }
        finally
        {
            foreach (var pid in browserPids)
            {
                ProcessTree.KillTree(pid);
            }
        }
    }
}

internal sealed record PageRequest(DateTime At, string Method, string Url, string? Failure)
{
    public string Path => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : Url;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At:HH:mm:ss.fff} {Method} {Url}{(Failure is null ? "" : " FAILED " + Failure)}");
}

internal sealed record PageResponse(DateTime At, string Method, string Url, int Status)
{
    public string Path => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : Url;
}
