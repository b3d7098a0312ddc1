namespace PeerLink.Protocol;

/// <summary>Hard limits shared by every implementation (spec/protocol.md §7).</summary>
public static class Limits
{
    public const int MinTtlMs = 60_000;
    public const int DefaultTtlMs = 300_000;
    public const int MaxTtlMs = 900_000;
}
