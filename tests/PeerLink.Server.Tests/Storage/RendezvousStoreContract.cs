using System.Security.Cryptography;
using PeerLink.Protocol;
using PeerLink.Server.Storage;

namespace PeerLink.Server.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IRendezvousStore"/> must have. Subclass it per implementation
/// (in-memory here, Redis beside it). Times are real wall-clock milliseconds so a backend with its
/// own key expiry (Redis TTLs) sees sane values; "later" is expressed by passing a later
/// <c>now</c>, and one test per kind waits out a short real TTL. Every test uses fresh random handles
/// and session ids, so one backend instance may be shared by all tests.
/// </summary>
public abstract class RendezvousStoreContract
{
    private protected const int MaxSignals = 64;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private protected abstract Task<IRendezvousStore> CreateStoreAsync();

    /// <summary>The current time as the store's callers would pass it.</summary>
    protected virtual long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Claim_WhenHandleFree_CreatesAndLookupReturnsRecord()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);

        var result = await store.ClaimAsync(record, now, Ct);

        Assert.Equal(ClaimOutcome.Created, result.Outcome);
        Assert.Equal(record, await store.LookupAsync(record.Handle, now, Ct));
    }

    [Fact]
    public async Task Lookup_WhenUnknown_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.LookupAsync(NewHandle(), Now(), Ct));
    }

    [Fact]
    public async Task Claim_WhenHeldByOtherOwner_ReturnsHandleTakenAndKeepsOriginal()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var first = NewPublication(now);
        await store.ClaimAsync(first, now, Ct);

        var second = NewPublication(now, handle: first.Handle);
        var result = await store.ClaimAsync(second, now + 1, Ct);

        Assert.Equal(ClaimOutcome.HandleTaken, result.Outcome);
        Assert.Equal(first, await store.LookupAsync(first.Handle, now + 1, Ct));
    }

    [Fact]
    public async Task Claim_BySameOwner_ReplacesRecord()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var first = NewPublication(now);
        await store.ClaimAsync(first, now, Ct);

        var second = NewPublication(now + 10, handle: first.Handle, ownerKeyHash: first.OwnerKeyHash);
        var result = await store.ClaimAsync(second, now + 10, Ct);

        Assert.Equal(ClaimOutcome.Replaced, result.Outcome);
        Assert.Equal(second, await store.LookupAsync(first.Handle, now + 10, Ct));
    }

    [Fact]
    public async Task Lookup_IsServedUntilExactlyExpiresAtAndNotAfter()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        Assert.NotNull(await store.LookupAsync(record.Handle, record.ExpiresAt, Ct));
        Assert.Null(await store.LookupAsync(record.Handle, record.ExpiresAt + 1, Ct));
    }

    [Fact]
    public async Task Claim_WhenPreviousExpired_CreatesForNewOwner()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var first = NewPublication(now);
        await store.ClaimAsync(first, now, Ct);

        var later = first.ExpiresAt + 1;
        var second = NewPublication(later, handle: first.Handle);
        var result = await store.ClaimAsync(second, later, Ct);

        Assert.Equal(ClaimOutcome.Created, result.Outcome);
        Assert.Equal(second, await store.LookupAsync(first.Handle, later, Ct));
    }

    [Fact]
    public async Task Claim_WhenManyOwnersRaceForOneHandle_LeavesExactlyOneOwner()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var handle = NewHandle();
        var records = Enumerable.Range(0, 24).Select(_ => NewPublication(now, handle: handle)).ToArray();

        var results = await Task.WhenAll(records.Select(r => Task.Run(() => store.ClaimAsync(r, now, Ct), Ct)));

        Assert.Equal(1, results.Count(r => r.Outcome == ClaimOutcome.Created));
        Assert.Equal(records.Length - 1, results.Count(r => r.Outcome == ClaimOutcome.HandleTaken));
        var winner = records[Array.FindIndex(results, r => r.Outcome == ClaimOutcome.Created)];
        Assert.Equal(winner, await store.LookupAsync(handle, now, Ct));
    }

    [Fact]
    public async Task Extend_ByOwner_MovesExpiry()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);
        var newExpiry = record.ExpiresAt + 60_000;

        var result = await store.ExtendAsync(record.Handle, record.OwnerKeyHash, newExpiry, now + 5, Ct);

        Assert.Equal(OwnerOutcome.Ok, result.Outcome);
        Assert.Equal(newExpiry, result.ExpiresAt);
        var found = await store.LookupAsync(record.Handle, record.ExpiresAt + 1, Ct);
        Assert.NotNull(found);
        Assert.Equal(newExpiry, found.ExpiresAt);
        Assert.Null(await store.LookupAsync(record.Handle, newExpiry + 1, Ct));
    }

    [Fact]
    public async Task Extend_ByOtherOwner_IsForbiddenAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        var result = await store.ExtendAsync(record.Handle, NewKeyHash(), record.ExpiresAt + 60_000, now, Ct);

        Assert.Equal(OwnerOutcome.Forbidden, result.Outcome);
        Assert.Equal(record, await store.LookupAsync(record.Handle, now, Ct));
    }

    [Fact]
    public async Task Extend_WhenUnknownOrExpired_ReturnsNotFound()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        var unknown = await store.ExtendAsync(NewHandle(), record.OwnerKeyHash, now + 60_000, now, Ct);
        var expired = await store.ExtendAsync(record.Handle, record.OwnerKeyHash, record.ExpiresAt + 60_000, record.ExpiresAt + 1, Ct);

        Assert.Equal(OwnerOutcome.NotFound, unknown.Outcome);
        Assert.Equal(OwnerOutcome.NotFound, expired.Outcome);
    }

    [Fact]
    public async Task Withdraw_ByOwner_RemovesPublication()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        var result = await store.WithdrawAsync(record.Handle, record.OwnerKeyHash, now, Ct);

        Assert.Equal(OwnerOutcome.Ok, result.Outcome);
        Assert.Null(await store.LookupAsync(record.Handle, now, Ct));
        Assert.Equal(OwnerOutcome.NotFound, (await store.WithdrawAsync(record.Handle, record.OwnerKeyHash, now, Ct)).Outcome);
    }

    [Fact]
    public async Task Withdraw_ByOtherOwner_IsForbiddenAndKeepsPublication()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var record = NewPublication(now);
        await store.ClaimAsync(record, now, Ct);

        var result = await store.WithdrawAsync(record.Handle, NewKeyHash(), now, Ct);

        Assert.Equal(OwnerOutcome.Forbidden, result.Outcome);
        Assert.Equal(record, await store.LookupAsync(record.Handle, now, Ct));
    }

    [Fact]
    public async Task Withdraw_WhenUnknown_ReturnsNotFound()
    {
        var store = await CreateStoreAsync();

        var result = await store.WithdrawAsync(NewHandle(), NewKeyHash(), Now(), Ct);

        Assert.Equal(OwnerOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task CreateSession_WhenLiveSessionExists_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);

        Assert.True(await store.CreateSessionAsync(session, now, Ct));
        Assert.False(await store.CreateSessionAsync(session with { OwnerKeyHash = NewKeyHash() }, now + 1, Ct));
        Assert.Equal(session, await store.GetSessionAsync(session.SessionId, now + 1, Ct));
    }

    [Fact]
    public async Task GetSession_IsServedUntilExactlyExpiresAtAndNotAfter()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        Assert.NotNull(await store.GetSessionAsync(session.SessionId, session.ExpiresAt, Ct));
        Assert.Null(await store.GetSessionAsync(session.SessionId, session.ExpiresAt + 1, Ct));
        Assert.Null(await store.GetSessionAsync(NewSessionId(), now, Ct));
    }

    [Fact]
    public async Task CreateSession_WhenPreviousExpired_Succeeds()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var later = session.ExpiresAt + 1;
        var replacement = NewSession(later) with { SessionId = session.SessionId };

        Assert.True(await store.CreateSessionAsync(replacement, later, Ct));
        Assert.Equal(replacement, await store.GetSessionAsync(session.SessionId, later, Ct));
    }

    [Fact]
    public async Task Answer_First_MarksAnsweredAndKeepsSessionUntilKeepUntil()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now, lifetimeMs: 60_000);
        await store.CreateSessionAsync(session, now, Ct);
        var keepUntil = now + 600_000;

        var result = await store.AnswerAsync(session.SessionId, "answer-box", now + 1, keepUntil, Ct);

        Assert.Equal(AppendOutcome.Ok, result.Outcome);
        Assert.True(result.Seq > 0);
        var stored = await store.GetSessionAsync(session.SessionId, keepUntil, Ct);
        Assert.NotNull(stored);
        Assert.True(stored.Answered);
        Assert.True(stored.ExpiresAt >= keepUntil);
    }

    [Fact]
    public async Task Answer_Second_ReturnsAlreadyAnswered()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        await store.AnswerAsync(session.SessionId, "first", now, now + 600_000, Ct);

        var second = await store.AnswerAsync(session.SessionId, "second", now + 1, now + 600_000, Ct);

        Assert.Equal(AppendOutcome.AlreadyAnswered, second.Outcome);
        var signals = await ReadStoredAsync(store, session.SessionId, 0);
        var answer = Assert.Single(signals);
        Assert.Equal("first", answer.Box);
    }

    [Fact]
    public async Task Answer_WhenManyRace_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.AnswerAsync(session.SessionId, $"box-{i}", now, now + 600_000, Ct), Ct)));

        Assert.Equal(1, results.Count(r => r.Outcome == AppendOutcome.Ok));
        Assert.Equal(19, results.Count(r => r.Outcome == AppendOutcome.AlreadyAnswered));
    }

    [Fact]
    public async Task Answer_WhenSessionUnknownOrExpired_ReturnsNotFound()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var unknown = await store.AnswerAsync(NewSessionId(), "box", now, now + 600_000, Ct);
        var expired = await store.AnswerAsync(session.SessionId, "box", session.ExpiresAt + 1, session.ExpiresAt + 600_000, Ct);

        Assert.Equal(AppendOutcome.NotFound, unknown.Outcome);
        Assert.Equal(AppendOutcome.NotFound, expired.Outcome);
    }

    [Fact]
    public async Task Answer_MakesPublicationOfThatSessionStopResolving()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        var publication = NewPublication(now, tokenId: session.SessionId);
        var unrelated = NewPublication(now);
        await store.ClaimAsync(publication, now, Ct);
        await store.ClaimAsync(unrelated, now, Ct);

        await store.AnswerAsync(session.SessionId, "box", now + 1, now + 600_000, Ct);

        Assert.Null(await store.LookupAsync(publication.Handle, now + 2, Ct));
        Assert.Equal(unrelated, await store.LookupAsync(unrelated.Handle, now + 2, Ct));
    }

    [Fact]
    public async Task Claim_WhenPreviousPublicationUsed_CreatesForNewOwner()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        var used = NewPublication(now, tokenId: session.SessionId);
        await store.ClaimAsync(used, now, Ct);
        await store.AnswerAsync(session.SessionId, "box", now, now + 600_000, Ct);

        var next = NewPublication(now + 1, handle: used.Handle);
        var result = await store.ClaimAsync(next, now + 1, Ct);

        Assert.Equal(ClaimOutcome.Created, result.Outcome);
        Assert.Equal(next, await store.LookupAsync(used.Handle, now + 1, Ct));
    }

    [Fact]
    public async Task Claim_OfAlreadyAnsweredToken_DoesNotResolve()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        await store.AnswerAsync(session.SessionId, "box", now, now + 600_000, Ct);

        var late = NewPublication(now + 1, tokenId: session.SessionId);
        await store.ClaimAsync(late, now + 1, Ct);

        Assert.Null(await store.LookupAsync(late.Handle, now + 2, Ct));
    }

    [Fact]
    public async Task Append_AssignsIncreasingSeqAcrossSenders()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var a = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "o1", now, MaxSignals, Ct);
        var b = await store.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);
        var c = await store.AppendAsync(session.SessionId, SignalSender.Answerer, SignalKind.Signal, "a1", now, MaxSignals, Ct);
        var d = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Bye, null, now, MaxSignals, Ct);

        Assert.All(new[] { a, b, c, d }, r => Assert.Equal(AppendOutcome.Ok, r.Outcome));
        Assert.True(a.Seq < b.Seq && b.Seq < c.Seq && c.Seq < d.Seq);
        var signals = await ReadStoredAsync(store, session.SessionId, 0);
        Assert.Equal(
            [
                new MailboxSignal(a.Seq, SignalSender.Offerer, SignalKind.Signal, "o1"),
                new MailboxSignal(b.Seq, SignalSender.Answerer, SignalKind.Answer, "answer"),
                new MailboxSignal(c.Seq, SignalSender.Answerer, SignalKind.Signal, "a1"),
                new MailboxSignal(d.Seq, SignalSender.Offerer, SignalKind.Bye, null),
            ],
            signals);
    }

    [Fact]
    public async Task Append_WhenSessionUnknownOrExpired_ReturnsNotFound()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);

        var unknown = await store.AppendAsync(NewSessionId(), SignalSender.Offerer, SignalKind.Signal, "x", now, MaxSignals, Ct);
        var expired = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "x", session.ExpiresAt + 1, MaxSignals, Ct);

        Assert.Equal(AppendOutcome.NotFound, unknown.Outcome);
        Assert.Equal(AppendOutcome.NotFound, expired.Outcome);
    }

    [Fact]
    public async Task Append_WhenMailboxHoldsMaxSignals_ReturnsMailboxFullForSignalAndByeAndStoresNeither()
    {
        const int cap = 8;
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        await store.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);
        for (var i = 1; i < cap; i++)
        {
            Assert.Equal(AppendOutcome.Ok, (await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, $"o{i}", now, cap, Ct)).Outcome);
        }

        var signal = await store.AppendAsync(session.SessionId, SignalSender.Answerer, SignalKind.Signal, "over", now, cap, Ct);
        var bye = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Bye, null, now, cap, Ct);

        Assert.Equal(AppendOutcome.MailboxFull, signal.Outcome);
        Assert.Equal(AppendOutcome.MailboxFull, bye.Outcome);
        var stored = await ReadStoredAsync(store, session.SessionId, 0);
        Assert.Equal(cap, stored.Count);
        Assert.Equal($"o{cap - 1}", stored[^1].Box);
    }

    [Fact]
    public async Task Append_BeforeAnswer_KeepsTheLastPlaceForTheAnswer()
    {
        const int cap = 8;
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        for (var i = 1; i < cap; i++)
        {
            Assert.Equal(AppendOutcome.Ok, (await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, $"o{i}", now, cap, Ct)).Outcome);
        }

        var beforeAnswer = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "over", now, cap, Ct);
        var answer = await store.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);
        var afterAnswer = await store.AppendAsync(session.SessionId, SignalSender.Answerer, SignalKind.Signal, "over", now, cap, Ct);

        Assert.Equal(AppendOutcome.MailboxFull, beforeAnswer.Outcome);
        Assert.Equal(AppendOutcome.Ok, answer.Outcome);
        Assert.Equal(AppendOutcome.MailboxFull, afterAnswer.Outcome);
        var stored = await ReadStoredAsync(store, session.SessionId, 0);
        Assert.Equal(cap, stored.Count);
        Assert.Equal(new MailboxSignal(answer.Seq, SignalSender.Answerer, SignalKind.Answer, "answer"), stored[^1]);
    }

    [Fact]
    public async Task Append_WhenManyRaceForTheLastPlaces_StoresExactlyMaxSignals()
    {
        const int cap = 16;
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        await store.AnswerAsync(session.SessionId, "answer", now, now + 600_000, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(
            () => store.AppendAsync(session.SessionId, i % 2 == 0 ? SignalSender.Offerer : SignalSender.Answerer, SignalKind.Signal, $"c{i}", now, cap, Ct),
            Ct)));

        Assert.Equal(cap - 1, results.Count(r => r.Outcome == AppendOutcome.Ok));
        Assert.Equal(40 - (cap - 1), results.Count(r => r.Outcome == AppendOutcome.MailboxFull));
        Assert.Equal(cap, (await ReadStoredAsync(store, session.SessionId, 0)).Count);
    }

    [Fact]
    public async Task Read_StartsAfterGivenSeq()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        var first = await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "1", now, MaxSignals, Ct);
        await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "2", now, MaxSignals, Ct);
        await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "3", now, MaxSignals, Ct);

        var signals = await ReadStoredAsync(store, session.SessionId, first.Seq);

        Assert.Equal(["2", "3"], signals.Select(s => s.Box));
    }

    [Fact]
    public async Task Read_DeliversSignalsAppendedWhileListening()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(WaitLimit);
        await using var reader = store.ReadAsync(session.SessionId, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync().AsTask();

        // Give the reader time to reach its wait, so the append really happens "later".
        await Task.Delay(100, Ct);
        await store.AnswerAsync(session.SessionId, "answer", Now(), Now() + 600_000, Ct);
        Assert.True(await next);
        Assert.Equal("answer", reader.Current.Box);

        next = reader.MoveNextAsync().AsTask();
        await store.AppendAsync(session.SessionId, SignalSender.Offerer, SignalKind.Signal, "after", Now(), MaxSignals, Ct);
        Assert.True(await next);
        Assert.Equal("after", reader.Current.Box);
    }

    [Fact]
    public async Task Read_WhenCancelled_Stops()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var session = NewSession(now);
        await store.CreateSessionAsync(session, now, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var reader = store.ReadAsync(session.SessionId, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync().AsTask();

        await cts.CancelAsync();
        var finished = await Task.WhenAny(next, Task.Delay(WaitLimit, Ct));

        Assert.Same(next, finished);
        try
        {
            Assert.False(await next);
        }
        catch (OperationCanceledException)
        {
            // Ending by cancellation is an equally valid way to stop.
        }
    }

    [Fact]
    public async Task Read_WhenSessionUnknown_CompletesEmpty()
    {
        var store = await CreateStoreAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(WaitLimit);

        var signals = new List<MailboxSignal>();
        await foreach (var signal in store.ReadAsync(NewSessionId(), 0, cts.Token))
        {
            signals.Add(signal);
        }

        Assert.Empty(signals);
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Expiry_WithRealTime_RemovesPublicationAndSessionAfterTheirExpiresAt()
    {
        var store = await CreateStoreAsync();
        var now = Now();
        var publication = NewPublication(now) with { ExpiresAt = now + 1_000, TokenExpiresAt = now + 1_000 };
        var session = NewSession(now) with { ExpiresAt = now + 1_000 };
        await store.ClaimAsync(publication, now, Ct);
        await store.CreateSessionAsync(session, now, Ct);

        await Task.Delay(2_000, Ct);
        var later = Now();

        Assert.Null(await store.LookupAsync(publication.Handle, later, Ct));
        Assert.Null(await store.GetSessionAsync(session.SessionId, later, Ct));
        Assert.Equal(ClaimOutcome.Created, (await store.ClaimAsync(NewPublication(later, handle: publication.Handle), later, Ct)).Outcome);
        Assert.True(await store.CreateSessionAsync(NewSession(later) with { SessionId = session.SessionId }, later, Ct));
    }

    [Fact]
    public async Task CheckHealth_ReportsHealthy()
    {
        var store = await CreateStoreAsync();

        var health = await store.CheckHealthAsync(Ct);

        Assert.True(health.Healthy);
        Assert.False(string.IsNullOrEmpty(health.Provider));
    }

    private protected static string NewHandle() => "t-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private protected static string NewKeyHash() => SessionKeys.HashKey(RandomNumberGenerator.GetBytes(32));

    private protected static string NewSessionId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    private protected static PublicationRecord NewPublication(long now, string? handle = null, string? ownerKeyHash = null, string? tokenId = null, long lifetimeMs = 300_000) =>
        new(
            Handle: handle ?? NewHandle(),
            Token: "AQ" + Base64Url.Encode(RandomNumberGenerator.GetBytes(60)),
            TokenId: tokenId ?? NewSessionId(),
            OwnerKeyHash: ownerKeyHash ?? NewKeyHash(),
            PublishedAt: now,
            ExpiresAt: now + lifetimeMs,
            TokenExpiresAt: now + lifetimeMs);

    private protected static SessionRecord NewSession(long now, long lifetimeMs = 300_000) =>
        new(NewSessionId(), NewKeyHash(), NewKeyHash(), now + lifetimeMs, Answered: false);

    /// <summary>Reads what is stored now: stops when nothing arrives for a moment.</summary>
    private protected static async Task<List<MailboxSignal>> ReadStoredAsync(IRendezvousStore store, string sessionId, long afterSeq)
    {
        var signals = new List<MailboxSignal>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await foreach (var signal in store.ReadAsync(sessionId, afterSeq, cts.Token))
            {
                signals.Add(signal);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream stays open for future signals; the deadline ends the read.
        }

        return signals;
    }
}
