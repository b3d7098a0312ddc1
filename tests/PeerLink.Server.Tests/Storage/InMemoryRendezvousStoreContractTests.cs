using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Storage;

public sealed class InMemoryRendezvousStoreContractTests : RendezvousStoreContract, IDisposable
{
    private readonly List<InMemoryRendezvousStore> _stores = [];

    private protected override Task<IRendezvousStore> CreateStoreAsync()
    {
        var store = new InMemoryRendezvousStore(TimeProvider.System);
        _stores.Add(store);
        return Task.FromResult<IRendezvousStore>(store);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }
}
