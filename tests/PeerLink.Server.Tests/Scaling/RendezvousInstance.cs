using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Scaling;

/// <summary>
/// One rendezvous instance as operators run it: the real service on a real Kestrel socket on its
/// own loopback port, with the Redis store. Two of these on one Redis are two instances behind a
/// load balancer; the test plays the balancer by choosing which one each request goes to.
/// </summary>
internal sealed class RendezvousInstance : IDisposable
{
    private RendezvousInstance(PeerLinkFactory factory, int port)
    {
        Factory = factory;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
    }

    public PeerLinkFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>The instance's (fake) clock; every instance starts at the same instant.</summary>
    public long NowMs => Factory.NowMs;

    public static RendezvousInstance Start(string redisConnectionString)
    {
        var port = FreePort();
        var factory = new PeerLinkFactory()
            .With("PeerLink:Store:Provider", "Redis")
            .With("PeerLink:Store:Redis", redisConnectionString);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return new RendezvousInstance(factory, port);
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
