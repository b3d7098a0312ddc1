namespace PeerLink.Protocol;

/// <summary>Hard limits shared by every implementation (spec/protocol.md §1, §2, §4, §6, §7).</summary>
public static class Limits
{
    public const int MinTtlMs = 60_000;
    public const int DefaultTtlMs = 300_000;
    public const int MaxTtlMs = 900_000;

    /// <summary>Token lifetime (expiresAt − createdAt) bounds in whole seconds (spec §1).</summary>
    public const int MinLifetimeSeconds = 60;
    public const int MaxLifetimeSeconds = 900;

    /// <summary>Longest token text a decoder looks at (spec §4.3 step 2).</summary>
    public const int MaxTokenTextLength = 4096;

    /// <summary>Most candidates a compact description carries (spec §2).</summary>
    public const int MaxCandidates = 16;

    /// <summary>Longest rendezvous URL in UTF-8 bytes (spec §1).</summary>
    public const int MaxRendezvousUrlBytes = 200;

    /// <summary>Largest data-channel message in UTF-8 bytes (spec §7).</summary>
    public const int MaxMessageBytes = 65_536;

    /// <summary>True when <paramref name="ms"/> is an allowed publication TTL (spec §6: 60 000 … 900 000).</summary>
    public static bool IsValidTtl(long ms) => ms is >= MinTtlMs and <= MaxTtlMs;
}
