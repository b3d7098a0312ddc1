using StackExchange.Redis;

namespace PeerLink.Server.Storage;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process (it is thread-safe and meant to be
/// shared; one per request would exhaust sockets). Created lazily so the service starts, and
/// answers 503, while Redis is down.
/// </summary>
internal sealed partial class RedisConnection : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly ConfigurationOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;

    public RedisConnection(string connectionString, ILogger<RedisConnection> logger)
    {
        _options = CreateOptions(connectionString);
        _logger = logger;
    }

    public string Endpoints => string.Join(",", _options.EndPoints);

    /// <summary>Raised when the connection fails or is restored: pub/sub messages published in
    /// between are not replayed, so mailbox listeners re-read at once (and, while Redis is away,
    /// end their streams instead of waiting for their next poll).</summary>
    public event Action? ConnectionChanged;

    internal static ConfigurationOptions CreateOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start without Redis and reconnect by itself in the background (issue 5: recovery
        // without restarting the service).
        options.AbortOnConnectFail = false;
        // While disconnected, fail at once (→ 503 store_unavailable) instead of queueing commands
        // until the async timeout: a phone retries, and a queued request only holds a socket.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Bounded back-off so a restarted Redis is used again within seconds.
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 500, maxDeltaBackOffMilliseconds: 5000);
        options.ClientName ??= "peerlink-rendezvous";
        return options;
    }

    /// <summary>Starts connecting when the host starts, without waiting: the service listens at
    /// once, and the first request does not pay for the initial connect (up to connectTimeout
    /// when Redis is down).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = GetMultiplexerAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IDatabase> GetDatabaseAsync() => (await GetMultiplexerAsync()).GetDatabase();

    public async Task<ISubscriber> GetSubscriberAsync() => (await GetMultiplexerAsync()).GetSubscriber();

    private Task<ConnectionMultiplexer> GetMultiplexerAsync()
    {
        var connecting = _connecting;
        if (connecting is { IsFaulted: false, IsCanceled: false })
        {
            return connecting;
        }

        lock (_gate)
        {
            // A failed first connect (rare with AbortOnConnectFail=false) is retried by the next
            // request rather than cached for the life of the process.
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            return _connecting;
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            // With AbortOnConnectFail=false this returns a (possibly disconnected) multiplexer
            // rather than throwing when Redis is unreachable.
            multiplexer = await ConnectionMultiplexer.ConnectAsync(_options);
        }
        catch (Exception e) when (e is not RedisConnectionException)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Could not create the Redis connection.", e);
        }

        multiplexer.ConnectionFailed += (_, e) =>
        {
            LogConnectionFailed(_logger, e.EndPoint, e.FailureType, e.Exception);
            ConnectionChanged?.Invoke();
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            LogConnectionRestored(_logger, e.EndPoint);
            ConnectionChanged?.Invoke();
        };
        if (!multiplexer.IsConnected)
        {
            LogStartedDisconnected(_logger, Endpoints);
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting is { IsCompletedSuccessfully: true } connected)
        {
            await (await connected).DisposeAsync();
        }
    }

    // The host disposes synchronously in some paths (WebApplicationFactory.Dispose, a sync scope).
    public void Dispose()
    {
        if (_connecting is { IsCompletedSuccessfully: true } connected)
        {
            connected.Result.Dispose();
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}); the store answers 503 until it is restored.")]
    private static partial void LogConnectionFailed(ILogger logger, System.Net.EndPoint? endPoint, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored.")]
    private static partial void LogConnectionRestored(ILogger logger, System.Net.EndPoint? endPoint);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Redis at {EndPoints} is unreachable at start; retrying in the background.")]
    private static partial void LogStartedDisconnected(ILogger logger, string endPoints);
}
