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

    public bool IsExpiredAt(long nowMs) => nowMs > ExpiresAt;
}
