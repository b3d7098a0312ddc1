using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using PeerLink.Protocol;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Storage;

/// <summary>What only the Redis store has to prove: atomicity across separate multiplexers (two
/// instances), key lifetimes matching the records (no sweeper), lossless pub/sub wake-ups, and
/// 503-style failure and self-recovery when Redis goes away.</summary>
[Collection(RedisServerDefinition.Name)]
public sealed class RedisStoreTests(RedisFixture redis)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => CancellationToken.None;

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task Claim_TwentyOwnersOnTwoInstances_ExactlyOneOwnsTheHandle()
    {
        var instances = new[] { redis.CreateStore(), redis.CreateStore() };
        var now = Now();
        var handle = NewHandle();
        var records = Enumerable.Range(0, 20).Select(_ => NewPublication(now, handle)).ToArray();

        var results = await Task.WhenAll(records.Select((r, i) =>
            Task.Run(() => instances[i % 2].ClaimAsync(r, now, Ct), Ct)));

        Assert.Equal(1, results.Count(r => r.Outcome == ClaimOutcome.Created));
        Assert.Equal(19, results.Count(r => r.Outcome == ClaimOutcome.HandleTaken));
        var winner = records[Array.FindIndex(results, r => r.Outcome == ClaimOutcome.Created)];
        Assert.Equal(winner, await instances[0].LookupAsync(handle, now, Ct));
        Assert.Equal(winner, await instances[1].LookupAsync(handle, now, Ct));
    }

    [Fact]
    public async Task Answer_TwentyAnswerersOnTwoInstances_ExactlyOneWinsAndOneAnswerIsStored()
    {
        var instances = new[] { redis.CreateStore(), redis.CreateStore() };
        var now = Now();
        var session = NewSession(now);
        await instances[0].CreateSessionAsync(session, now, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => instances[i % 2].AnswerAsync(session.SessionId, $"box-{i}", now, now + 600_000, Ct), Ct)));

        Assert.Equal(1, results.Count(r => r.Outcome == AppendOutcome.Ok));
        Assert.Equal(1, await redis.Inspect.ListLengthAsync(RedisRendezvousStore.SignalsKey(session.SessionId)));
    }

    [Fact]
    public async Task Claim_SetsKeyLifetimeToThePublicationsExpiry()
    {
        var store = redis.CreateStore();
        var now = Now();
        var record = NewPublication(now, lifetimeMs: 60_000);

        await store.ClaimAsync(record, now, Ct);

        var ttl = await PttlAsync(RedisRendezvousStore.PublicationKey(record.Handle));
        Assert.InRange(ttl, 55_000, 60_001);
    }

    [Fact]
    public async Task Extend_MovesTheKeyLifetime()
    {
        var store = redis.CreateStore();
        var now = Now();
        var record = NewPublication(now, lifetimeMs: 60_000);
        await store.ClaimAsync(record, now, Ct);

        await store.ExtendAsync(record.Handle, record.OwnerKeyHash, now + 600_000, now, Ct);

        var ttl = await PttlAsync(RedisRendezvousStore.PublicationKey(record.Handle));
        Assert.InRange(ttl, 595_000, 600_001);
    }

    [Fact]
    public async Task Withdraw_DeletesTheKey()
    {
        var store = redis.CreateStore();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        await store.WithdrawAsync(record.Handle, record.OwnerKeyHash, now, Ct);

        Assert.False(await redis.Inspect.KeyExistsAsync(RedisRendezvousStore.PublicationKey(record.Handle)));
    }

    [Fact]
    public async Task Session_KeysLiveUntilExpiry_AndAnswerExtendsThemToKeepUntilAndMarksTheTokenUsed()
    {
        var store = redis.CreateStore();
        var now = Now();
        var session = NewSession(now, lifetimeMs: 60_000);
        await store.CreateSessionAsync(session, now, Ct);
        Assert.InRange(await PttlAsync(RedisRendezvousStore.SessionKey(session.SessionId)), 55_000, 60_001);

        await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "c1", now, 64, Ct);
        Assert.InRange(await PttlAsync(RedisRendezvousStore.SignalsKey(session.SessionId)), 55_000, 60_001);
        Assert.InRange(await PttlAsync(RedisRendezvousStore.SeqKey(session.SessionId)), 55_000, 60_001);

        await store.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);

        foreach (var key in new[]
        {
            RedisRendezvousStore.SessionKey(session.SessionId),
            RedisRendezvousStore.SeqKey(session.SessionId),
            RedisRendezvousStore.SignalsKey(session.SessionId),
        })
        {
            Assert.InRange(await PttlAsync(key), 595_000, 600_001);
        }

        // The used marker must outlive any publication of the token (at most 15 min).
        Assert.InRange(await PttlAsync(RedisRendezvousStore.UsedKey(session.SessionId)), 895_000, 900_001);
    }

    [Fact]
    public async Task Read_SignalsAppendedOnAnotherInstance_ArriveInOrderWithoutDuplicates()
    {
        var listenerInstance = redis.CreateStore();
        var writerInstance = redis.CreateStore();
        var now = Now();
        var session = NewSession(now);
        await writerInstance.CreateSessionAsync(session, now, Ct);
        await writerInstance.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);
        using var cts = new CancellationTokenSource(WaitLimit * 2);

        var reading = ReadAsync(listenerInstance, session.SessionId, 0, count: 51, cts.Token);
        var writes = Enumerable.Range(0, 50).Select(i => Task.Run(
            () => writerInstance.AppendAsync(session.SessionId, i % 2 == 0 ? SignalSender.Offerer : SignalSender.Answerer, SignalKind.Signal, $"c{i}", Now(), 64, Ct),
            Ct));
        await Task.WhenAll(writes);
        var signals = await reading;

        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), signals.Select(s => s.Seq));
        Assert.Equal("answer", signals[0].Box);
        Assert.Equal(50, signals.Skip(1).Select(s => s.Box).Distinct().Count());
    }

    [Fact]
    public async Task Read_AppendRacingTheListenerStart_IsNeverLost()
    {
        // Each round starts a listener and appends from another instance at (nearly) the same moment:
        // whichever of subscribe, stored read and notification wins, the signal must arrive, and
        // well before the 5 s poll that would otherwise mask a lost notification.
        var listenerInstance = redis.CreateStore();
        var writerInstance = redis.CreateStore();
        for (var round = 0; round < 20; round++)
        {
            var now = Now();
            var session = NewSession(now);
            await writerInstance.CreateSessionAsync(session, now, Ct);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(4));

            var reading = ReadAsync(listenerInstance, session.SessionId, 0, count: 1, cts.Token);
            await Task.Delay(round % 4, Ct);
            await writerInstance.AnswerAsync(session.SessionId, $"answer-{round}", Now(), Now() + 600_000, Ct);

            var signal = Assert.Single(await reading);
            Assert.Equal($"answer-{round}", signal.Box);
        }
    }

    [Fact]
    public async Task Read_EndsWhenTheSessionKeyExpires()
    {
        var store = redis.CreateStore();
        var now = Now();
        var session = NewSession(now) with { ExpiresAt = now + 500 };
        await store.CreateSessionAsync(session, now, Ct);
        await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "c", now, 64, Ct);
        using var cts = new CancellationTokenSource(WaitLimit * 2);
        var watch = Stopwatch.StartNew();

        var signals = new List<MailboxSignal>();
        await foreach (var signal in store.ReadAsync(session.SessionId, 0, cts.Token))
        {
            signals.Add(signal);
        }

        Assert.Single(signals);
        // Ends at the key's expiry, not at the 5 s fallback poll (with slack for a busy machine).
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Read_WhenTheListenerLeaves_ReleasesItsSubscription()
    {
        // Every event stream subscribes a channel; one left behind per listener would grow without
        // bound on a long-running instance.
        var store = redis.CreateStore();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        var channel = "peerlink:s:" + session.SessionId;
        using var cts = new CancellationTokenSource();
        var reading = ReadAsync(store, session.SessionId, 0, count: 1, cts.Token);

        Assert.True(await SubscribersEventuallyAsync(channel, 1), "the listener did not subscribe");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        Assert.True(await SubscribersEventuallyAsync(channel, 0), "the subscription outlived the listener");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with|bars|and|=equals=")]
    [InlineData("")]
    [InlineData("ünïcødé ✓")]
    [InlineData(null)]
    public async Task Append_AnyBoxText_RoundTrips(string? box)
    {
        var store = redis.CreateStore();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var appended = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Bye, box, now, 64, Ct);
        using var cts = new CancellationTokenSource(WaitLimit);
        var signal = Assert.Single(await ReadAsync(store, session.SessionId, 0, 1, cts.Token));

        Assert.Equal(new MailboxSignal(appended.Seq, SignalSender.Offerer, SignalKind.Bye, box), signal);
    }

    [Fact]
    public async Task Store_WhenRedisUnreachable_ThrowsStoreUnavailableQuicklyAndReportsUnhealthy()
    {
        await using var connection = new RedisConnection($"127.0.0.1:{UnusedPort()},connectTimeout=500,syncTimeout=500,asyncTimeout=500", NullLogger<RedisConnection>.Instance);
        var store = new RedisRendezvousStore(connection, NullLogger<RedisRendezvousStore>.Instance);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.LookupAsync(NewHandle(), Now(), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ClaimAsync(NewPublication(Now(), NewHandle()), Now(), Ct));
        var health = await store.CheckHealthAsync(Ct);

        Assert.False(health.Healthy);
        Assert.Equal("redis", health.Provider);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Store_WhenRedisRestarts_FailsWithStoreUnavailableThenRecoversByItself()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = new RedisConnection(server.ConnectionString, NullLogger<RedisConnection>.Instance);
        var store = new RedisRendezvousStore(connection, NullLogger<RedisRendezvousStore>.Instance);
        var before = NewPublication(Now(), NewHandle());
        Assert.Equal(ClaimOutcome.Created, (await store.ClaimAsync(before, Now(), Ct)).Outcome);

        await server.KillAsync();
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.LookupAsync(before.Handle, Now(), Ct));
        Assert.False((await store.CheckHealthAsync(Ct)).Healthy);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));

        await server.StartAgainAsync();
        var after = NewPublication(Now(), NewHandle());
        var recovered = await EventuallyAsync(async () => (await store.ClaimAsync(after, Now(), Ct)).Outcome == ClaimOutcome.Created);

        Assert.True(recovered, "the store did not recover within 15 s of Redis coming back");
        Assert.True((await store.CheckHealthAsync(Ct)).Healthy);
        // No persistence in the test server: what was stored before the restart is gone, and the
        // scripts were reloaded after NOSCRIPT.
        Assert.Null(await store.LookupAsync(before.Handle, Now(), Ct));
        Assert.Equal(after, await store.LookupAsync(after.Handle, Now(), Ct));
    }

    private async Task<bool> SubscribersEventuallyAsync(string channel, long expected)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < WaitLimit)
        {
            var reply = (StackExchange.Redis.RedisResult[])(await redis.Inspect.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
            if ((long)reply[1] == expected)
            {
                return true;
            }

            await Task.Delay(20, Ct);
        }

        return false;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> attempt)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                if (await attempt())
                {
                    return true;
                }
            }
            catch (StoreUnavailableException)
            {
                // Not reconnected yet.
            }

            await Task.Delay(200, Ct);
        }

        return false;
    }

    private static async Task<List<MailboxSignal>> ReadAsync(RedisRendezvousStore store, string sessionId, long afterSeq, int count, CancellationToken cancellationToken)
    {
        var signals = new List<MailboxSignal>();
        await foreach (var signal in store.ReadAsync(sessionId, afterSeq, cancellationToken))
        {
            signals.Add(signal);
            if (signals.Count == count)
            {
                break;
            }
        }

        return signals;
    }

    private async Task<long> PttlAsync(StackExchange.Redis.RedisKey key)
    {
        var ttl = await redis.Inspect.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        return (long)ttl.Value.TotalMilliseconds;
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NewHandle() => "r-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string NewKeyHash() => SessionKeys.HashKey(RandomNumberGenerator.GetBytes(32));

    private static PublicationRecord NewPublication(long now, string? handle = null, long lifetimeMs = 300_000) =>
        new(handle ?? NewHandle(), "AQ" + Base64Url.Encode(RandomNumberGenerator.GetBytes(60)), Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
            NewKeyHash(), now, now + lifetimeMs, now + lifetimeMs);

    private static SessionRecord NewSession(long now, long lifetimeMs = 300_000) =>
        new(Base64Url.Encode(RandomNumberGenerator.GetBytes(16)), NewKeyHash(), NewKeyHash(), now + lifetimeMs, Answered: false);
}
