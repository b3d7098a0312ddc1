using System.Net;
using System.Net.Sockets;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

internal static class FreePorts
{
    /// <summary>A loopback port free for TCP (and, when asked, UDP) right now.</summary>
    public static int Next(bool udpToo = false)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            if (!udpToo || UdpFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free loopback port found.");
    }

    /// <summary>A block of <paramref name="count"/> UDP ports on loopback, all free right now (coturn's relay range).</summary>
    public static (int First, int Last) UdpRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Random.Shared.Next(20000, 60000 - count);
            if (Enumerable.Range(first, count).All(UdpFree))
            {
                return (first, first + count - 1);
            }
        }

        throw new InvalidOperationException("No free UDP port range found on loopback.");
    }

    private static bool UdpFree(int port)
    {
        try
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
