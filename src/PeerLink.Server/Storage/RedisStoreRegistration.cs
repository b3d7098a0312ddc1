namespace PeerLink.Server.Storage;

internal static class RedisStoreRegistration
{
    /// <summary>Selected by <c>PeerLink:Store:Provider=Redis</c>; <paramref name="connectionString"/>
    /// is <c>PeerLink:Store:Redis</c> in StackExchange.Redis syntax
    /// (<c>host:port,password=…,ssl=true,connectTimeout=…</c>).</summary>
    internal static IServiceCollection AddRedisRendezvousStore(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parse now so a malformed connection string stops the start instead of the first request.
        _ = RedisConnection.CreateOptions(connectionString);
        services.AddSingleton(sp => new RedisConnection(connectionString, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton<IRendezvousStore, RedisRendezvousStore>();
        return services;
    }
}
