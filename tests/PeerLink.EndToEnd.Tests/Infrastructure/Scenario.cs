using System.Globalization;
using System.Text;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One test's processes: a Playwright driver and the phones (browsers) it launched, all killed by
/// id when the test ends, pass or fail. On failure the phones' consoles, their requests and the
/// rendezvous log are written to the test output.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    private readonly List<Phone> phones = [];
    private readonly List<IDisposable> owned = [];
    private readonly List<string> scratchDirs = [];
    private IPlaywright? playwright;
    private int driverPid;

    private Scenario(ITestOutputHelper output, string name, RendezvousServer? server)
    {
        Output = output;
        Name = name;
        Server = server;
    }

    public ITestOutputHelper Output { get; }

    public string Name { get; }

    public RendezvousServer? Server { get; set; }

    public static async Task RunAsync(ITestOutputHelper output, string name, RendezvousServer? server, Func<Scenario, Task> body)
    {
        LoopbackGuard.EnsureLoopbackOnly();
        var scenario = new Scenario(output, name, server);
        try
        {
            await body(scenario);
        }
        catch
        {
            await scenario.ReportFailureAsync();
            throw;
        }
        finally
        {
            await scenario.DisposeAsync();
        }
    }

    public Task<Phone> ChromiumAsync(string name, string? fakeCameraY4m = null) =>
        LaunchAsync(name, (pw, pid) => Phone.LaunchChromiumAsync(pw, pid, name, fakeCameraY4m));

    public Task<Phone> FirefoxAsync(string name) =>
        LaunchAsync(name, (pw, pid) => Phone.LaunchFirefoxAsync(pw, pid, name));

    public Task<Phone> PhoneAsync(string engine, string name) =>
        engine == "firefox" ? FirefoxAsync(name) : ChromiumAsync(name);

    /// <summary>Something (e.g. an extra rendezvous) to dispose with the scenario.</summary>
    public T Own<T>(T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    /// <summary>A folder under TMPDIR, deleted when the scenario's browsers are gone.</summary>
    public string NewScratchDir(string prefix)
    {
        var dir = RepoPaths.NewScratchDir(prefix);
        scratchDirs.Add(dir);
        return dir;
    }

    public void Log(string line) =>
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} [{Name}] {line}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var phone in phones)
        {
            await phone.DisposeAsync();
        }

        phones.Clear();
        if (playwright is not null)
        {
            playwright.Dispose();
            playwright = null;
        }

        if (driverPid != 0)
        {
            ProcessTree.KillTree(driverPid);
            driverPid = 0;
        }

        foreach (var disposable in owned)
        {
            disposable.Dispose();
        }

        owned.Clear();
        foreach (var dir in scratchDirs)
        {
            RepoPaths.DeleteScratchDir(dir);
        }

        scratchDirs.Clear();
    }

    private async Task<Phone> LaunchAsync(string name, Func<IPlaywright, int, Task<Phone>> launch)
    {
        if (playwright is null)
        {
            var before = ProcessTree.Children(ProcessTree.Self);
            playwright = await Playwright.CreateAsync();
            var driver = ProcessTree.Children(ProcessTree.Self).Except(before).ToList();
            if (driver.Count != 1)
            {
                throw new InvalidOperationException(
                    $"Expected one Playwright driver process, found: {string.Join("; ", driver.Select(ProcessTree.Describe))}");
            }

            driverPid = driver[0];
        }

        var started = DateTime.UtcNow;
        var phone = await launch(playwright, driverPid);
        phones.Add(phone);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {phone.Engine} up in {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms (pids {string.Join(",", phone.BrowserPids)})"));
        return phone;
    }

    private async Task ReportFailureAsync()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"===== {Name} failed; diagnostics:");
        foreach (var phone in phones)
        {
            try
            {
                var states = await phone.Page.EvaluateAsync<string>(
                    "() => JSON.stringify({ url: location.href, states: window.peerlinkDemo?.states?.() ?? null, " +
                    "transitions: window.peerlinkDemo?.connection?.()?.transitions?.() ?? window.__e2e?.connection?.transitions?.() ?? null })")
                    .WaitAsync(TimeSpan.FromSeconds(3));
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {phone.Name} page: {states}");
                var shot = Path.Combine(Path.GetTempPath(), $"peerlink-e2e-failure-{Name}-{phone.Name}.png");
                await phone.Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot }).WaitAsync(TimeSpan.FromSeconds(5));
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {phone.Name} screenshot: {shot}");
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {phone.Name} page: unavailable ({e.Message})");
            }

            text.Append(phone.Diagnostics());
        }

        if (Server is not null)
        {
            text.AppendLine("--- rendezvous output (tail):");
            text.Append(Server.Output(40));
        }

        Output.WriteLine(text.ToString());
    }
}
