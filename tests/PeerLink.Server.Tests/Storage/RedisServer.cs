using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PeerLink.Server.Tests.Storage;

/// <summary>
/// A real <c>redis-server</c> owned by the test: a free loopback port, no persistence, its own
/// temporary directory, killed by PID. <see cref="KillAsync"/> and <see cref="StartAgainAsync"/>
/// restart it on the same port, as an operator's restart would look to the rendezvous.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string InstallHint =
        "redis-server was not found on PATH. The Redis store tests need a real Redis: install it " +
        "(Debian/Ubuntu: sudo apt-get install redis-server; ./test.sh installs it when run as root) and run again.";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly string _binary;
    private readonly DirectoryInfo _directory;
    private Process? _process;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
        _directory = Directory.CreateTempSubdirectory("peerlink-redis-");
    }

    public int Port { get; }

    /// <summary>A killed Redis is noticed at once (the socket closes, and the store fails fast
    /// while disconnected); connectTimeout bounds a connect attempt while Redis is down, and the
    /// command timeouts leave room for a machine busy with other suites.</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=3000,asyncTimeout=3000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FindBinary(), FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port; returns once it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var start = new ProcessStartInfo(_binary) { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "no",
            "--dir", _directory.FullName,
            "--logfile", Path.Combine(_directory.FullName, "redis.log"),
            "--daemonize", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        var deadline = DateTime.UtcNow + StartLimit;
        while (!await PingsAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = Path.Combine(_directory.FullName, "redis.log");
                var tail = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)";
                throw new InvalidOperationException($"redis-server on port {Port} did not become ready: {tail}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the process (SIGKILL: Redis gets no chance to close connections cleanly,
    /// like a crash) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(InstallHint);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
