using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace PeerLink.Server.Storage;

/// <summary>
/// The embedded store: one lock guards everything, which makes every method atomic and is cheap at
/// the scale one instance serves (each critical section is a dictionary operation). A periodic sweep
/// on the injected <see cref="TimeProvider"/> drops expired publications and sessions so memory
/// follows the live set, not the history.
/// </summary>
internal sealed class InMemoryRendezvousStore : IRendezvousStore, IDisposable
{
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Publication> _publications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _sweepTimer;

    public InMemoryRendezvousStore(TimeProvider time)
    {
        _time = time;
        _sweepTimer = time.CreateTimer(_ => Sweep(time.GetUtcNow().ToUnixTimeMilliseconds()), null, SweepInterval, SweepInterval);
    }

    internal int PublicationCount
    {
        get
        {
            lock (_gate)
            {
                return _publications.Count;
            }
        }
    }

    internal int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    public Task<ClaimResult> ClaimAsync(PublicationRecord record, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            var outcome = ClaimOutcome.Created;
            if (_publications.TryGetValue(record.Handle, out var current) && IsLive(current, now))
            {
                if (!HashEquals(current.Record.OwnerKeyHash, record.OwnerKeyHash))
                {
                    return Task.FromResult(new ClaimResult(ClaimOutcome.HandleTaken));
                }

                outcome = ClaimOutcome.Replaced;
            }

            _publications[record.Handle] = new Publication(record);
            return Task.FromResult(new ClaimResult(outcome));
        }
    }

    public Task<OwnerResult> ExtendAsync(string handle, string ownerKeyHash, long expiresAt, long now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_publications.TryGetValue(handle, out var current) || !IsLive(current, now))
            {
                return Task.FromResult(new OwnerResult(OwnerOutcome.NotFound));
            }

            if (!HashEquals(current.Record.OwnerKeyHash, ownerKeyHash))
            {
                return Task.FromResult(new OwnerResult(OwnerOutcome.Forbidden));
            }

            current.Record = current.Record with { ExpiresAt = expiresAt };
            return Task.FromResult(new OwnerResult(OwnerOutcome.Ok, expiresAt));
        }
    }

    public Task<OwnerResult> WithdrawAsync(string handle, string ownerKeyHash, long now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_publications.TryGetValue(handle, out var current) || !IsLive(current, now))
            {
                return Task.FromResult(new OwnerResult(OwnerOutcome.NotFound));
            }

            if (!HashEquals(current.Record.OwnerKeyHash, ownerKeyHash))
            {
                return Task.FromResult(new OwnerResult(OwnerOutcome.Forbidden));
            }

            _publications.Remove(handle);
            return Task.FromResult(new OwnerResult(OwnerOutcome.Ok, current.Record.ExpiresAt));
        }
    }

    public Task<PublicationRecord?> LookupAsync(string handle, long now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_publications.TryGetValue(handle, out var current) && IsLive(current, now) ? current.Record : null);
        }
    }

    public Task<bool> CreateSessionAsync(SessionRecord session, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_sessions.TryGetValue(session.SessionId, out var existing))
            {
                if (existing.Record.ExpiresAt >= now)
                {
                    return Task.FromResult(false);
                }

                existing.End();
            }

            _sessions[session.SessionId] = new Session(session);
            return Task.FromResult(true);
        }
    }

    public Task<SessionRecord?> GetSessionAsync(string sessionId, long now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(TryGetLive(sessionId, now, out var session) ? session.Record : null);
        }
    }

    public Task<AppendResult> AnswerAsync(string sessionId, string box, long now, long keepUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!TryGetLive(sessionId, now, out var session))
            {
                return Task.FromResult(new AppendResult(AppendOutcome.NotFound));
            }

            if (session.Record.Answered)
            {
                return Task.FromResult(new AppendResult(AppendOutcome.AlreadyAnswered));
            }

            session.Record = session.Record with { Answered = true, ExpiresAt = Math.Max(session.Record.ExpiresAt, keepUntil) };

            // Single use: every publication of this session's token stops resolving. A scan is fine
            // at embedded scale and keeps no second index to get out of step.
            foreach (var publication in _publications.Values)
            {
                if (publication.Record.TokenId == sessionId)
                {
                    publication.Used = true;
                }
            }

            return Task.FromResult(new AppendResult(AppendOutcome.Ok, session.Append(SignalSender.Answerer, SignalKind.Answer, box)));
        }
    }

    public Task<AppendResult> AppendAsync(string sessionId, SignalSender from, SignalKind kind, string? box, long now, int maxSignals, CancellationToken cancellationToken)
    {
        if (kind == SignalKind.Answer)
        {
            throw new ArgumentException("Answers go through AnswerAsync, which enforces the single answer.", nameof(kind));
        }

        lock (_gate)
        {
            if (!TryGetLive(sessionId, now, out var session))
            {
                return Task.FromResult(new AppendResult(AppendOutcome.NotFound));
            }

            // The last place stays free for the answer until it arrives.
            var limit = session.Record.Answered ? maxSignals : maxSignals - 1;
            return Task.FromResult(session.Count >= limit
                ? new AppendResult(AppendOutcome.MailboxFull)
                : new AppendResult(AppendOutcome.Ok, session.Append(from, kind, box)));
        }
    }

    public async IAsyncEnumerable<MailboxSignal> ReadAsync(string sessionId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Session? session;
        lock (_gate)
        {
            session = _sessions.GetValueOrDefault(sessionId);
        }

        if (session is null)
        {
            yield break;
        }

        var last = afterSeq;
        while (true)
        {
            MailboxSignal[] batch;
            Task changed;
            bool ended;
            lock (_gate)
            {
                batch = session.After(last);
                changed = session.Changed;
                ended = session.Ended;
            }

            foreach (var signal in batch)
            {
                last = signal.Seq;
                yield return signal;
            }

            if (ended)
            {
                yield break;
            }

            // Appends complete Changed under the lock after storing the signal, so a signal added
            // between the snapshot above and this wait is never missed.
            await changed.WaitAsync(cancellationToken);
        }
    }

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new StoreHealth(true, "in-memory"));

    public void Dispose() => _sweepTimer.Dispose();

    internal void Sweep(long now)
    {
        lock (_gate)
        {
            foreach (var (handle, publication) in _publications)
            {
                if (publication.Record.ExpiresAt < now || publication.Used)
                {
                    _publications.Remove(handle);
                }
            }

            foreach (var (id, session) in _sessions)
            {
                if (session.Record.ExpiresAt < now)
                {
                    session.End();
                    _sessions.Remove(id);
                }
            }
        }
    }

    private bool TryGetLive(string sessionId, long now, out Session session)
    {
        if (_sessions.TryGetValue(sessionId, out var found) && found.Record.ExpiresAt >= now)
        {
            session = found;
            return true;
        }

        session = null!;
        return false;
    }

    private bool IsLive(Publication publication, long now)
    {
        if (publication.Used || publication.Record.ExpiresAt < now)
        {
            return false;
        }

        // A token answered before it was (re)published must not resolve either.
        return !(_sessions.TryGetValue(publication.Record.TokenId, out var session) && session.Record.Answered && session.Record.ExpiresAt >= now);
    }

    // The hashes are of 256-bit random keys, but the comparison stays constant-time anyway so the
    // store never becomes a timing oracle if a caller passes something key-derived.
    private static bool HashEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private sealed class Publication(PublicationRecord record)
    {
        public PublicationRecord Record { get; set; } = record;

        public bool Used { get; set; }
    }

    /// <summary>Mutated only under the store's lock.</summary>
    private sealed class Session(SessionRecord record)
    {
        private readonly List<MailboxSignal> _signals = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SessionRecord Record { get; set; } = record;

        public Task Changed => _changed.Task;

        public bool Ended { get; private set; }

        public int Count => _signals.Count;

        public long Append(SignalSender from, SignalKind kind, string? box)
        {
            var seq = _signals.Count + 1L;
            _signals.Add(new MailboxSignal(seq, from, kind, box));
            Wake();
            return seq;
        }

        public MailboxSignal[] After(long seq)
        {
            var start = (int)Math.Clamp(seq, 0, _signals.Count);
            return _signals.GetRange(start, _signals.Count - start).ToArray();
        }

        public void End()
        {
            Ended = true;
            Wake();
        }

        private void Wake()
        {
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }
}
