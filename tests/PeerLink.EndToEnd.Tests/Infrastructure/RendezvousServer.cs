using System.Globalization;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>The real rendezvous binary (src/PeerLink.Server, Release build) on a free loopback port.</summary>
internal sealed class RendezvousServer : IDisposable
{
    private readonly ManagedProcess process;

    private RendezvousServer(ManagedProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int Pid => process.Id;

    public bool IsRunning => !process.HasExited;

    public string Output(int last = 60) => process.Output(last);

    /// <param name="turn">coturn to mint credentials for; null for no TURN.</param>
    /// <param name="turnSecret">overrides the TURN secret (a wrong one makes coturn refuse the credentials).</param>
    public static async Task<RendezvousServer> StartAsync(TurnServer? turn, string? turnSecret = null)
    {
        LoopbackGuard.EnsureLoopbackOnly();
        var dotnet = RequiredTools.Dotnet;
        if (!File.Exists(RepoPaths.ServerDll))
        {
            throw new InvalidOperationException(
                $"{RepoPaths.ServerDll} is missing: build first (dotnet build PeerLink.slnx -c Release, as ./test.sh does).");
        }

        if (!File.Exists(Path.Combine(RepoPaths.Wwwroot, "index.html")))
        {
            throw new InvalidOperationException(
                $"{RepoPaths.Wwwroot}/index.html is missing: build the web app first (cd web && npm run build).");
        }

        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["PeerLink__RateLimits__PermitsPerWindow"] = "10000",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        if (turn is not null)
        {
            environment["PeerLink__Ice__TurnUrls__0"] = turn.TurnUrl;
            environment["PeerLink__Ice__TurnSecret"] = turnSecret ?? turn.Secret;
            environment["PeerLink__Ice__StunUrls__0"] = turn.StunUrl;
        }

        // The content root is the project folder so that wwwroot (written by the web build) is served.
        var process = ManagedProcess.Start("rendezvous", dotnet,
            [RepoPaths.ServerDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", RepoPaths.ServerProject],
            RepoPaths.ServerProject, environment);
        var server = new RendezvousServer(process, port);
        try
        {
            await server.WaitForHealthAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Kills the server (a rendezvous outage), keeping its output for the report.</summary>
    public void Stop() => process.Kill();

    public void Dispose() => process.Dispose();

    private async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The rendezvous exited at start:\n{process.Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{BaseUrl}/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"The rendezvous did not report healthy at {BaseUrl}/health within {timeout.TotalSeconds} s (last: {last}):\n{process.Output()}"));
    }
}
