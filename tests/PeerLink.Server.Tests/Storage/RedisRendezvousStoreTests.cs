using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Storage;

/// <summary>The store contract, against a real redis-server.</summary>
[Collection(RedisServerDefinition.Name)]
public sealed class RedisRendezvousStoreTests(RedisFixture redis) : RendezvousStoreContract
{
    private protected override Task<IRendezvousStore> CreateStoreAsync() =>
        Task.FromResult<IRendezvousStore>(redis.CreateStore());
}
