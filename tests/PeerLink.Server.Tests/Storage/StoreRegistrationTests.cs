using Microsoft.Extensions.DependencyInjection;
using PeerLink.Server.Storage;
using PeerLink.Server.Tests.Infrastructure;

namespace PeerLink.Server.Tests.Storage;

public sealed class StoreRegistrationTests
{
    [Fact]
    public void DefaultConfiguration_UsesInMemoryStore()
    {
        using var factory = new PeerLinkFactory();

        Assert.IsType<InMemoryRendezvousStore>(factory.Services.GetRequiredService<IRendezvousStore>());
    }

    [Fact]
    public void RedisProvider_UsesRedisStoreWithoutConnectingAtStart()
    {
        // Port 1 refuses connections: the service must still start and answer 503 until Redis is up.
        using var factory = new PeerLinkFactory()
            .With("PeerLink:Store:Provider", "Redis")
            .With("PeerLink:Store:Redis", "127.0.0.1:1,connectTimeout=200");

        Assert.IsNotType<InMemoryRendezvousStore>(factory.Services.GetRequiredService<IRendezvousStore>());
    }

    [Theory]
    [InlineData("Redis", null)]
    [InlineData("Cassandra", null)]
    public void InvalidStoreConfiguration_FailsStart(string provider, string? connection)
    {
        using var factory = new PeerLinkFactory()
            .With("PeerLink:Store:Provider", provider)
            .With("PeerLink:Store:Redis", connection);

        Assert.NotNull(Record.Exception(() => factory.Services));
    }
}
