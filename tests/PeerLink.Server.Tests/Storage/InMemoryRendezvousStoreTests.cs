using Microsoft.Extensions.Time.Testing;
using PeerLink.Protocol;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Storage;

/// <summary>What only the in-memory store has: its own sweep on the injected clock.</summary>
public sealed class InMemoryRendezvousStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000));

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task Sweep_AfterChurn_RemovesExpiredPublicationsAndSessions()
    {
        using var store = new InMemoryRendezvousStore(_time);
        for (var i = 0; i < 500; i++)
        {
            var sessionId = Base64Url.Encode(BitConverter.GetBytes((long)i).Concat(new byte[8]).ToArray());
            await store.ClaimAsync(new PublicationRecord($"h-{i}", "AQ", sessionId, "owner", Now, Now + 60_000, Now + 60_000), Now, CancellationToken.None);
            await store.CreateSessionAsync(new SessionRecord(sessionId, "owner", "answer", Now + 60_000, false), Now, CancellationToken.None);
            await store.AppendAsync(sessionId, SignalSender.Offerer, SignalKind.Signal, "box", Now, 64, CancellationToken.None);
        }

        Assert.Equal(500, store.PublicationCount);
        Assert.Equal(500, store.SessionCount);

        _time.Advance(TimeSpan.FromMilliseconds(60_001) + InMemoryRendezvousStore.SweepInterval);

        Assert.Equal(0, store.PublicationCount);
        Assert.Equal(0, store.SessionCount);
    }

    [Fact]
    public async Task Sweep_KeepsLiveEntries()
    {
        using var store = new InMemoryRendezvousStore(_time);
        await store.ClaimAsync(new PublicationRecord("live", "AQ", "sid", "owner", Now, Now + 600_000, Now + 600_000), Now, CancellationToken.None);
        await store.CreateSessionAsync(new SessionRecord("sid", "owner", "answer", Now + 600_000, false), Now, CancellationToken.None);

        _time.Advance(InMemoryRendezvousStore.SweepInterval * 2);

        Assert.Equal(1, store.PublicationCount);
        Assert.Equal(1, store.SessionCount);
    }

    [Fact]
    public async Task Sweep_EndsReadersOfExpiredSession()
    {
        using var store = new InMemoryRendezvousStore(_time);
        await store.CreateSessionAsync(new SessionRecord("sid", "owner", "answer", Now + 60_000, false), Now, CancellationToken.None);
        await using var reader = store.ReadAsync("sid", 0, CancellationToken.None).GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.False(await next);
    }
}
