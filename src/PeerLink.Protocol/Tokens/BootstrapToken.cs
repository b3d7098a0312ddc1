namespace PeerLink.Protocol;

/// <summary>The bootstrap token's logical fields (spec/protocol.md §1). <see cref="Secret"/> is 16 bytes.</summary>
public sealed record BootstrapToken(
    long ExpiresAt,
    long CreatedAt,
    ReadOnlyMemory<byte> Secret,
    string? Rendezvous,
    SessionDescription Offer)
{
    public const int Version = 1;

    /// <summary>The mailbox address derived from <see cref="Secret"/> (spec §5.1).</summary>
    public string SessionId => SessionKeys.DeriveSessionId(Secret.Span);

    /// <summary>Lifetime in whole seconds (spec §1: 60–900).</summary>
    public long LifetimeSeconds => (ExpiresAt - CreatedAt) / 1000;

    /// <summary>Valid while <c>now &lt;= expiresAt</c> (spec §1).</summary>
    public bool IsExpiredAt(long nowMs) => nowMs > ExpiresAt;

    /// <summary>A new token for <paramref name="offer"/>, created at <paramref name="nowMs"/> and living
    /// <paramref name="lifetimeMs"/> (rounded down to whole seconds; 60 000–900 000). The expiry is
    /// rounded down to the second (spec §1: the compact form carries seconds), and createdAt with it.</summary>
    public static BootstrapToken Create(SessionDescription offer, ReadOnlyMemory<byte> secret, long nowMs, long lifetimeMs, string? rendezvous = null)
    {
        var lifetime = lifetimeMs / 1000 * 1000;
        var expiresAt = (nowMs + lifetime) / 1000 * 1000;
        var token = new BootstrapToken(expiresAt, expiresAt - lifetime, secret, rendezvous, offer);
        TokenRules.Validate(token);
        return token;
    }
}
