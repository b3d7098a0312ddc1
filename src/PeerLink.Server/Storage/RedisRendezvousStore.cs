using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace PeerLink.Server.Storage;

/// <summary>
/// The scale-out store (design §7): every instance behind the load balancer shares one Redis, and
/// nothing lives in the instance. Each operation is one Lua script (see <see cref="RedisScripts"/>)
/// so ownership checks, the single answer and the single-use rule hold across instances; keys
/// expire with their publication or session (no sweeper). Mailbox listeners are woken through
/// pub/sub because a shared multiplexer cannot block (no BLPOP / XREAD BLOCK).
/// </summary>
internal sealed partial class RedisRendezvousStore(RedisConnection connection, ILogger<RedisRendezvousStore> logger)
    : IRendezvousStore
{
    internal const string Provider = "redis";
    private const string Prefix = "peerlink:";
    private const string UsedPrefix = Prefix + "used:";

    // A token lives at most 15 min (protocol §4), so a used marker that lives that long outlasts
    // every publication of the token.
    private const long UsedMarkerMinimumMs = 15 * 60 * 1000;

    // A listener re-reads at least this often even without a notification: pub/sub messages
    // published while this instance was reconnecting are not replayed, and the session key's
    // expiry is noticed this way.
    private static readonly TimeSpan ListenerPollInterval = TimeSpan.FromSeconds(5);

    internal static RedisKey PublicationKey(string handle) => Prefix + "pub:" + handle;

    internal static RedisKey UsedKey(string sessionId) => UsedPrefix + sessionId;

    internal static RedisKey SessionKey(string sessionId) => Prefix + "s:" + sessionId;

    internal static RedisKey SeqKey(string sessionId) => Prefix + "s:" + sessionId + ":seq";

    internal static RedisKey SignalsKey(string sessionId) => Prefix + "s:" + sessionId + ":sig";

    private static RedisChannel Channel(string sessionId) => RedisChannel.Literal(Prefix + "s:" + sessionId);

    public Task<ClaimResult> ClaimAsync(PublicationRecord record, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Claim,
                [PublicationKey(record.Handle)],
                [now, record.Token, record.TokenId, record.OwnerKeyHash, record.PublishedAt, record.ExpiresAt, record.TokenExpiresAt, UsedPrefix]);
            return new ClaimResult((long)result switch
            {
                0 => ClaimOutcome.Created,
                1 => ClaimOutcome.Replaced,
                _ => ClaimOutcome.HandleTaken,
            });
        }, cancellationToken);

    public Task<OwnerResult> ExtendAsync(string handle, string ownerKeyHash, long expiresAt, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Extend, [PublicationKey(handle)], [now, ownerKeyHash, expiresAt, UsedPrefix]);
            var outcome = ToOwnerOutcome((long)result);
            return new OwnerResult(outcome, outcome == OwnerOutcome.Ok ? expiresAt : 0);
        }, cancellationToken);

    public Task<OwnerResult> WithdrawAsync(string handle, string ownerKeyHash, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(
                RedisScripts.Withdraw, [PublicationKey(handle)], [now, ownerKeyHash, UsedPrefix]))!;
            var outcome = ToOwnerOutcome((long)result[0]);
            return new OwnerResult(outcome, outcome == OwnerOutcome.Ok ? (long)result[1] : 0);
        }, cancellationToken);

    public Task<PublicationRecord?> LookupAsync(string handle, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(RedisScripts.Lookup, [PublicationKey(handle)], [now, UsedPrefix]);
            if (result.IsNull)
            {
                return null;
            }

            var f = (RedisValue[])result!;
            return new PublicationRecord(handle, f[0].ToString(), f[1].ToString(), f[2].ToString(), (long)f[3], (long)f[4], (long)f[5]);
        }, cancellationToken);

    public Task<bool> CreateSessionAsync(SessionRecord session, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var id = session.SessionId;
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.CreateSession,
                [SessionKey(id), SeqKey(id), SignalsKey(id)],
                [now, session.OwnerKeyHash, session.AnswerKeyHash, session.ExpiresAt]);
            return (long)result == 1;
        }, cancellationToken);

    public Task<SessionRecord?> GetSessionAsync(string sessionId, long now, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(RedisScripts.GetSession, [SessionKey(sessionId)], [now]);
            if (result.IsNull)
            {
                return null;
            }

            var f = (RedisValue[])result!;
            return new SessionRecord(sessionId, f[0].ToString(), f[1].ToString(), (long)f[2], f[3] == "1");
        }, cancellationToken);

    public Task<AppendResult> AnswerAsync(string sessionId, string box, long now, long keepUntil, CancellationToken cancellationToken) =>
        RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Answer,
                [SessionKey(sessionId), SeqKey(sessionId), SignalsKey(sessionId), UsedKey(sessionId)],
                [now, keepUntil, box, Channel(sessionId).ToString(), UsedMarkerMinimumMs]);
            return ToAppendResult((RedisResult[])result!, AppendOutcome.AlreadyAnswered);
        }, cancellationToken);

    public Task<AppendResult> AppendAsync(string sessionId, SignalSender from, SignalKind kind, string? box, long now, int maxSignals, CancellationToken cancellationToken)
    {
        if (kind == SignalKind.Answer)
        {
            throw new ArgumentException("Answers go through AnswerAsync, which enforces the single answer.", nameof(kind));
        }

        return RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Append,
                [SessionKey(sessionId), SeqKey(sessionId), SignalsKey(sessionId)],
                [now, RedisSignalEntry.Format(from, kind, box), Channel(sessionId).ToString(), maxSignals]);
            return ToAppendResult((RedisResult[])result!, AppendOutcome.MailboxFull);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<MailboxSignal> ReadAsync(
        string sessionId,
        long afterSeq,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = Math.Max(0, afterSeq);
        var channel = Channel(sessionId);
        using var wake = new SemaphoreSlim(0);
        void OnMessage(RedisChannel c, RedisValue v)
        {
            try
            {
                wake.Release();
            }
            catch (ObjectDisposedException)
            {
                // A notification racing the unsubscribe of a finished listener.
            }
        }

        // One delegate instance for subscribe and unsubscribe: the multiplexer removes handlers by
        // delegate equality.
        Action<RedisChannel, RedisValue> handler = OnMessage;
        void OnConnectionChanged() => OnMessage(default, default);

        // Subscribe before the first read: a signal appended in between is then both stored (read
        // below) and notified (read again after the wait), never neither.
        var subscriber = await RunAsync(async _ =>
        {
            var s = await connection.GetSubscriberAsync();
            await SubscribeAsync(s, channel, handler, cancellationToken);
            return s;
        }, cancellationToken);
        connection.ConnectionChanged += OnConnectionChanged;
        try
        {
            while (true)
            {
                // Drain the wake-ups already counted before reading: whatever they announced is
                // read now, and anything appended after this point releases the semaphore again.
                while (wake.Wait(0, CancellationToken.None))
                {
                }

                var (ttl, entries) = await RunAsync(async db =>
                {
                    var result = (RedisResult[])(await db.ScriptEvaluateAsync(
                        RedisScripts.Read, [SessionKey(sessionId), SignalsKey(sessionId)], [last]))!;
                    var pttl = (long)result[0];
                    return (pttl, pttl == -1 ? [] : (RedisValue[])result[1]!);
                }, cancellationToken);
                if (ttl == -1)
                {
                    yield break;
                }

                foreach (var entry in entries)
                {
                    var signal = RedisSignalEntry.Parse(entry.ToString());
                    if (signal.Seq <= last)
                    {
                        continue;
                    }

                    last = signal.Seq;
                    yield return signal;
                }

                var wait = ttl >= 0 && ttl < ListenerPollInterval.TotalMilliseconds
                    ? TimeSpan.FromMilliseconds(ttl + 1)
                    : ListenerPollInterval;
                await wake.WaitAsync(wait, cancellationToken);
            }
        }
        finally
        {
            connection.ConnectionChanged -= OnConnectionChanged;

            // Released however the loop ended (cancelled token included).
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                // The multiplexer drops subscriptions of a broken connection itself; a handler left
                // registered only re-reads a finished session.
                LogUnsubscribeFailed(logger, e);
            }
        }
    }

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var latency = await RunAsync(db => db.PingAsync(), cancellationToken);
            return new StoreHealth(true, Provider, $"ping {latency.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms");
        }
        catch (StoreUnavailableException e)
        {
            return new StoreHealth(false, Provider, e.Message);
        }
    }

    private static OwnerOutcome ToOwnerOutcome(long code) => code switch
    {
        0 => OwnerOutcome.Ok,
        1 => OwnerOutcome.NotFound,
        _ => OwnerOutcome.Forbidden,
    };

    private static AppendResult ToAppendResult(RedisResult[] result, AppendOutcome conflict) => (long)result[0] switch
    {
        0 => new AppendResult(AppendOutcome.Ok, (long)result[1]),
        1 => new AppendResult(AppendOutcome.NotFound),
        _ => new AppendResult(conflict),
    };

    /// <summary>The subscription link is its own socket and comes up a moment after the interactive
    /// one (at start and after every restore); with the fail-fast backlog a SUBSCRIBE in that moment
    /// fails although Redis is there, so it is retried briefly while the multiplexer is connected.</summary>
    private static async Task SubscribeAsync(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await subscriber.SubscribeAsync(channel, handler);
                return;
            }
            catch (RedisConnectionException) when (attempt < 5 && subscriber.Multiplexer.IsConnected)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Runs one Redis step and turns "Redis is not there" into
    /// <see cref="StoreUnavailableException"/> (→ 503 store_unavailable). StackExchange.Redis
    /// commands take no token; the caller's token is checked before the step.</summary>
    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> step, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var db = await connection.GetDatabaseAsync();
            return await step(db);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            LogUnavailable(logger, e.GetType().Name, e);
            throw new StoreUnavailableException("The Redis store is unreachable.", e);
        }
    }

    private static bool IsUnavailable(Exception e) => e switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // A Redis that is restarting, loading its data, was demoted or is full (maxmemory with
        // noeviction) answers these; all pass, so they are 503s rather than 500s.
        RedisServerException s => s.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || s.Message.StartsWith("OOM", StringComparison.Ordinal)
            || s.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || s.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        _ => false,
    };

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Redis store unavailable ({ExceptionType}).")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "Redis unsubscribe failed; the connection is already gone.")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);
}

/// <summary>One mailbox signal as stored in the session's Redis list:
/// <c>seq|from|kind|=box</c>, or <c>seq|from|kind|</c> without a box. The box is opaque text and
/// may contain anything, so it is last and the separators before it are fixed.</summary>
internal static class RedisSignalEntry
{
    public static string Format(SignalSender from, SignalKind kind, string? box)
    {
        var f = from == SignalSender.Offerer ? 'o' : 'a';
        var k = kind switch
        {
            SignalKind.Answer => 'a',
            SignalKind.Signal => 's',
            _ => 'b',
        };
        return box is null ? $"{f}|{k}|" : $"{f}|{k}|={box}";
    }

    public static MailboxSignal Parse(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        var seq = long.Parse(entry.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture);
        var from = entry[bar + 1] == 'o' ? SignalSender.Offerer : SignalSender.Answerer;
        var kind = entry[bar + 3] switch
        {
            'a' => SignalKind.Answer,
            's' => SignalKind.Signal,
            _ => SignalKind.Bye,
        };
        var rest = bar + 5;
        string? box = rest < entry.Length && entry[rest] == '=' ? entry[(rest + 1)..] : null;
        return new MailboxSignal(seq, from, kind, box);
    }
}
