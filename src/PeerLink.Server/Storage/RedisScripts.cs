namespace PeerLink.Server.Storage;

/// <summary>
/// The Lua scripts that make each store operation one atomic step on the Redis server (a script
/// runs with no other command interleaved), so two instances racing for a handle or an answer see
/// one winner. StackExchange.Redis sends each script once and EVALSHA afterwards, and resends it
/// when a restarted Redis answers NOSCRIPT.
/// Times (ms since the epoch) come from the calling instance's clock; Redis only keeps the keys
/// alive for the same duration (PEXPIRE relative to that clock, so clock skew between the
/// instances and Redis cannot expire a key early). Numbers go back to Redis through
/// <c>string.format('%d')</c> because Lua 5.1 would print large ones in exponent form.
/// The used marker is looked up by a key built in the script: fine on a single Redis or a
/// primary with replicas, not on Redis Cluster (see docs/operations.md).
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: publication. ARGV: now, token, tokenId, owner, publishedAt, expiresAt,
    /// tokenExpiresAt, used-key prefix. Returns 0 created, 1 replaced, 2 taken.</summary>
    public const string Claim = """
        local now = tonumber(ARGV[1])
        local cur = redis.call('HMGET', KEYS[1], 'owner', 'expiresAt', 'tokenId')
        local outcome = 0
        if cur[1] and tonumber(cur[2]) >= now and redis.call('EXISTS', ARGV[8] .. cur[3]) == 0 then
          if cur[1] ~= ARGV[4] then return 2 end
          outcome = 1
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'token', ARGV[2], 'tokenId', ARGV[3], 'owner', ARGV[4],
          'publishedAt', ARGV[5], 'expiresAt', ARGV[6], 'tokenExpiresAt', ARGV[7])
        redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(1, tonumber(ARGV[6]) - now + 1)))
        return outcome
        """;

    /// <summary>KEYS: publication. ARGV: now, owner, new expiresAt, used-key prefix.
    /// Returns 0 ok, 1 not found (unknown, expired or used), 2 forbidden. A publication is live
    /// until exactly its expiresAt, hence the +1 on every PEXPIRE.</summary>
    public const string Extend = """
        local now = tonumber(ARGV[1])
        local cur = redis.call('HMGET', KEYS[1], 'owner', 'expiresAt', 'tokenId')
        if not cur[1] or tonumber(cur[2]) < now or redis.call('EXISTS', ARGV[4] .. cur[3]) == 1 then return 1 end
        if cur[1] ~= ARGV[2] then return 2 end
        redis.call('HSET', KEYS[1], 'expiresAt', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(1, tonumber(ARGV[3]) - now + 1)))
        return 0
        """;

    /// <summary>KEYS: publication. ARGV: now, owner, used-key prefix. Returns [0, expiresAt] ok,
    /// [1] not found, [2] forbidden.</summary>
    public const string Withdraw = """
        local now = tonumber(ARGV[1])
        local cur = redis.call('HMGET', KEYS[1], 'owner', 'expiresAt', 'tokenId')
        if not cur[1] or tonumber(cur[2]) < now or redis.call('EXISTS', ARGV[3] .. cur[3]) == 1 then return {1} end
        if cur[1] ~= ARGV[2] then return {2} end
        redis.call('DEL', KEYS[1])
        return {0, cur[2]}
        """;

    /// <summary>KEYS: publication. ARGV: now, used-key prefix. Returns nil or
    /// [token, tokenId, owner, publishedAt, expiresAt, tokenExpiresAt].</summary>
    public const string Lookup = """
        local cur = redis.call('HMGET', KEYS[1], 'token', 'tokenId', 'owner', 'publishedAt', 'expiresAt', 'tokenExpiresAt')
        if not cur[1] or tonumber(cur[5]) < tonumber(ARGV[1]) or redis.call('EXISTS', ARGV[2] .. cur[2]) == 1 then
          return false
        end
        return cur
        """;

    /// <summary>KEYS: session, seq, signals. ARGV: now, owner, answerKey, expiresAt.
    /// Returns 1 created, 0 when a live session with that id exists.</summary>
    public const string CreateSession = """
        local now = tonumber(ARGV[1])
        local exp = redis.call('HGET', KEYS[1], 'expiresAt')
        if exp and tonumber(exp) >= now then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'answerKey', ARGV[3], 'expiresAt', ARGV[4], 'answered', '0')
        redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(1, tonumber(ARGV[4]) - now + 1)))
        return 1
        """;

    /// <summary>KEYS: session. ARGV: now. Returns nil or [owner, answerKey, expiresAt, answered].</summary>
    public const string GetSession = """
        local s = redis.call('HMGET', KEYS[1], 'owner', 'answerKey', 'expiresAt', 'answered')
        if not s[1] or tonumber(s[3]) < tonumber(ARGV[1]) then return false end
        return s
        """;

    /// <summary>KEYS: session, seq, signals, used marker. ARGV: now, keepUntil, box, channel,
    /// used-marker minimum lifetime ms. Returns [0, seq] ok, [1] not found, [2] already answered.
    /// The used marker outlives every publication of the token (a token lives at most 15 min).</summary>
    public const string Answer = """
        local now = tonumber(ARGV[1])
        local s = redis.call('HMGET', KEYS[1], 'expiresAt', 'answered')
        if not s[1] or tonumber(s[1]) < now then return {1} end
        if s[2] == '1' then return {2} end
        local exp = math.max(tonumber(s[1]), tonumber(ARGV[2]))
        local seq = redis.call('INCR', KEYS[2])
        redis.call('RPUSH', KEYS[3], string.format('%d', seq) .. '|a|a|=' .. ARGV[3])
        redis.call('HSET', KEYS[1], 'answered', '1', 'expiresAt', string.format('%d', exp))
        local ttl = math.max(1, exp - now + 1)
        local pttl = string.format('%d', ttl)
        redis.call('PEXPIRE', KEYS[1], pttl)
        redis.call('PEXPIRE', KEYS[2], pttl)
        redis.call('PEXPIRE', KEYS[3], pttl)
        redis.call('SET', KEYS[4], '1', 'PX', string.format('%d', math.max(ttl, tonumber(ARGV[5]))))
        redis.call('PUBLISH', ARGV[4], string.format('%d', seq))
        return {0, seq}
        """;

    /// <summary>KEYS: session, seq, signals. ARGV: now, entry without its seq ("f|k|=box" or
    /// "f|k|"), channel, maxSignals. Returns [0, seq], [1] when the session is unknown or expired,
    /// [2] when the mailbox is full (before the answer its last place is kept for the answer).</summary>
    public const string Append = """
        local now = tonumber(ARGV[1])
        local s = redis.call('HMGET', KEYS[1], 'expiresAt', 'answered')
        if not s[1] or tonumber(s[1]) < now then return {1} end
        local limit = tonumber(ARGV[4])
        if s[2] ~= '1' then limit = limit - 1 end
        if redis.call('LLEN', KEYS[3]) >= limit then return {2} end
        local seq = redis.call('INCR', KEYS[2])
        redis.call('RPUSH', KEYS[3], string.format('%d', seq) .. '|' .. ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[2], ttl)
          redis.call('PEXPIRE', KEYS[3], ttl)
        end
        redis.call('PUBLISH', ARGV[3], string.format('%d', seq))
        return {0, seq}
        """;

    /// <summary>KEYS: session, signals. ARGV: afterSeq (= list index of the next signal, seq
    /// starting at 1). Returns [-1] when the session is gone, else [pttl, [entries]].</summary>
    public const string Read = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl == -2 then return {-1} end
        return {ttl, redis.call('LRANGE', KEYS[2], ARGV[1], -1)}
        """;
}
