using Microsoft.Extensions.Logging.Abstractions;
using PeerLink.Server.Storage;
using StackExchange.Redis;

namespace PeerLink.Server.Tests.Storage;

/// <summary>One redis-server for every test in the <see cref="RedisServerDefinition"/>: started once,
/// killed at the end. Tests use fresh random handles and session ids, so sharing is safe; a test
/// that kills Redis starts its own <see cref="RedisServer"/> instead.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private readonly List<RedisConnection> _connections = [];
    private RedisServer? _server;
    private ConnectionMultiplexer? _inspector;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("Not started.");

    /// <summary>A plain connection for looking at keys (PTTL, EXISTS) behind the store's back.</summary>
    internal IDatabase Inspect => (_inspector ?? throw new InvalidOperationException("Not started.")).GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _inspector = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    /// <summary>A store with its own multiplexer, as a separate rendezvous instance would have.</summary>
    internal RedisRendezvousStore CreateStore()
    {
        var connection = new RedisConnection(Server.ConnectionString, NullLogger<RedisConnection>.Instance);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return new RedisRendezvousStore(connection, NullLogger<RedisRendezvousStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        if (_inspector is not null)
        {
            await _inspector.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisServerDefinition : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-server";
}
