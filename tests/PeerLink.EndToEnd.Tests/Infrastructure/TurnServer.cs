using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>coturn on loopback with <c>use-auth-secret</c> (testing.md §5).</summary>
internal sealed class TurnServer : IDisposable
{
    private readonly ManagedProcess process;

    private readonly string dir;

    private TurnServer(ManagedProcess process, string dir, int port, string secret)
    {
        this.process = process;
        this.dir = dir;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Secret { get; }

    public string TurnUrl => $"turn:127.0.0.1:{Port}?transport=udp";

    public string StunUrl => $"stun:127.0.0.1:{Port}";

    public int Pid => process.Id;

    public string Output() => process.Output();

    public static async Task<TurnServer> StartAsync()
    {
        LoopbackGuard.EnsureLoopbackOnly();
        var turnserver = RequiredTools.TurnServer;
        var dir = RepoPaths.NewScratchDir("coturn");
        var port = FreePorts.Next(udpToo: true);
        var (first, last) = FreePorts.UdpRange(200);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var config = Path.Combine(dir, "turnserver.conf");
        // allow-loopback-peers is a test-only setting: without it the allocation succeeds on loopback
        // and ICE then fails; production configs deny loopback and private peers.
        await File.WriteAllLinesAsync(config,
        [
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            $"listening-port={port}",
            $"min-port={first}",
            $"max-port={last}",
            "use-auth-secret",
            $"static-auth-secret={secret}",
            "realm=peerlink.test",
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-cli",
            "allow-loopback-peers",
            "no-multicast-peers",
            $"pidfile={Path.Combine(dir, "turnserver.pid")}",
            $"userdb={Path.Combine(dir, "turndb")}",
            "log-file=stdout",
            "simple-log",
        ]);

        var process = ManagedProcess.Start("coturn", turnserver, ["-c", config], dir);
        var server = new TurnServer(process, dir, port, secret);
        try
        {
            await server.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(10));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public void Dispose()
    {
        process.Dispose();
        RepoPaths.DeleteScratchDir(dir);
    }

    /// <summary>Ready when it answers a STUN binding request (RFC 5389 §6) on its UDP port.</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8, 12));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited at start:\n{process.Output()}");
            }

            await udp.SendAsync(request, new IPEndPoint(IPAddress.Loopback, Port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var reply = await udp.ReceiveAsync(wait.Token);
                if (reply.Buffer.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(reply.Buffer) == 0x0101)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // not listening yet
            }
            catch (SocketException)
            {
                // ICMP port unreachable: not listening yet
                await Task.Delay(100);
            }
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"turnserver did not answer STUN on 127.0.0.1:{Port} within {timeout.TotalSeconds} s:\n{process.Output()}"));
    }
}
