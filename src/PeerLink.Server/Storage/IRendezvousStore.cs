namespace PeerLink.Server.Storage;

/// <summary>
/// Everything the rendezvous keeps: publications (handle → token) and session mailboxes.
/// Two implementations — in-memory (default, embedded) and Redis (scale-out) — pass one contract
/// test suite. Every method is atomic on its own; times are ms since the Unix epoch and are passed
/// in by the caller (which owns the <see cref="TimeProvider"/>), so the store never reads a clock
/// except to schedule its own expiry.
/// Key hashes are base64url SHA-256 of the raw key bytes: the store never sees a key.
/// A store that cannot reach its backend throws <see cref="StoreUnavailableException"/>.
/// </summary>
internal interface IRendezvousStore
{
    /// <summary>Publishes under <see cref="PublicationRecord.Handle"/> if the handle is free, expired,
    /// used, or held by the same owner hash (then the record replaces the old one).</summary>
    Task<ClaimResult> ClaimAsync(PublicationRecord record, long now, CancellationToken cancellationToken);

    /// <summary>Moves the publication's expiry to <paramref name="expiresAt"/> (the caller has already
    /// capped it at the token's own expiry), if <paramref name="ownerKeyHash"/> owns it.</summary>
    Task<OwnerResult> ExtendAsync(string handle, string ownerKeyHash, long expiresAt, long now, CancellationToken cancellationToken);

    Task<OwnerResult> WithdrawAsync(string handle, string ownerKeyHash, long now, CancellationToken cancellationToken);

    /// <summary>The live publication, or null when unknown, expired or used (its session answered).</summary>
    Task<PublicationRecord?> LookupAsync(string handle, long now, CancellationToken cancellationToken);

    /// <summary>False when a live session with that id exists.</summary>
    Task<bool> CreateSessionAsync(SessionRecord session, long now, CancellationToken cancellationToken);

    Task<SessionRecord?> GetSessionAsync(string sessionId, long now, CancellationToken cancellationToken);

    /// <summary>Exactly one answer per session: records the answer as the answerer's first signal,
    /// marks the session answered, keeps it alive until at least <paramref name="keepUntil"/>, and
    /// makes any publication of this session's token stop resolving (single use).</summary>
    Task<AppendResult> AnswerAsync(string sessionId, string box, long now, long keepUntil, CancellationToken cancellationToken);

    /// <summary>Appends a signal (<c>signal</c> or <c>bye</c>) from <paramref name="from"/>, unless the
    /// mailbox already holds <paramref name="maxSignals"/> signals, or <c>maxSignals − 1</c> before
    /// the answer: the last place is kept for it, so a session never stores more than
    /// <paramref name="maxSignals"/> and the answer always fits.</summary>
    Task<AppendResult> AppendAsync(string sessionId, SignalSender from, SignalKind kind, string? box, long now, int maxSignals, CancellationToken cancellationToken);

    /// <summary>Every signal of the session with <c>Seq &gt; afterSeq</c>, stored ones first, then new
    /// ones as they are appended (on any instance), until the session ends or the token is
    /// cancelled. No signal appended after the call starts is lost.</summary>
    IAsyncEnumerable<MailboxSignal> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken);

    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken);
}

internal sealed record PublicationRecord(
    string Handle,
    string Token,
    string TokenId,
    string OwnerKeyHash,
    long PublishedAt,
    long ExpiresAt,
    long TokenExpiresAt);

internal sealed record SessionRecord(
    string SessionId,
    string OwnerKeyHash,
    string AnswerKeyHash,
    long ExpiresAt,
    bool Answered);

internal enum SignalSender
{
    Offerer,
    Answerer,
}

internal enum SignalKind
{
    Answer,
    Signal,
    Bye,
}

internal sealed record MailboxSignal(long Seq, SignalSender From, SignalKind Kind, string? Box);

internal enum ClaimOutcome
{
    Created,
    Replaced,
    HandleTaken,
}

internal readonly record struct ClaimResult(ClaimOutcome Outcome);

internal enum OwnerOutcome
{
    Ok,
    NotFound,
    Forbidden,
}

internal readonly record struct OwnerResult(OwnerOutcome Outcome, long ExpiresAt = 0);

internal enum AppendOutcome
{
    Ok,
    NotFound,
    AlreadyAnswered,
    MailboxFull,
}

internal readonly record struct AppendResult(AppendOutcome Outcome, long Seq = 0);

internal sealed record StoreHealth(bool Healthy, string Provider, string? Detail = null);

internal sealed class StoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
