using System.Net;
using System.Net.Sockets;

namespace PeerLink.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The browsers gather every local address and Firefox calls home, so the suite only runs where
/// nothing but loopback exists: a network namespace made by <c>./test.sh</c> (testing.md §1).
/// </summary>
internal static class LoopbackGuard
{
    private const string Hint =
        "Run the end-to-end suite through ./test.sh (or: mkdir -p /tmp/pl-e2e && TMPDIR=/tmp/pl-e2e " +
        "unshare -n bash -c 'ip link set lo up && exec \"$@\"' netns dotnet test tests/PeerLink.EndToEnd.Tests " +
        "-c Release --no-build) so that browsers, coturn and the rendezvous can reach nothing but loopback.";

    public static void EnsureLoopbackOnly()
    {
        // /proc/self/net/dev lists the interfaces of this process's network namespace (/sys/class/net
        // would show the namespace /sys was mounted in, i.e. the host's).
        const string devices = "/proc/self/net/dev";
        if (!File.Exists(devices))
        {
            throw new InvalidOperationException($"{devices} is missing: cannot verify the network is loopback-only. {Hint}");
        }

        var others = File.ReadAllLines(devices)
            .Skip(2)
            .Select(line => line.Split(':', 2)[0].Trim())
            .Where(name => name.Length > 0 && name != "lo")
            .ToList();
        if (others.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to run: this network namespace has interfaces other than loopback ({string.Join(", ", others)}). {Hint}");
        }

        if (!LoopbackWorks())
        {
            throw new InvalidOperationException($"The loopback interface is down (`ip link set lo up` was not run). {Hint}");
        }
    }

    private static bool LoopbackWorks()
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var client = new TcpClient();
            client.Connect((IPEndPoint)listener.LocalEndpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
