namespace PeerLink.Server.Ice;

/// <summary><c>PeerLink:Ice</c>. TURN credentials follow the TURN REST API scheme (coturn
/// <c>use-auth-secret</c>), so <see cref="TurnSecret"/> is coturn's <c>static-auth-secret</c>.</summary>
internal sealed class IceOptions
{
    public const string Section = "PeerLink:Ice";

    /// <summary>The design caps TURN credentials at 15 minutes: a leaked one is useful briefly.</summary>
    public static readonly TimeSpan MaxCredentialLifetime = TimeSpan.FromMinutes(15);

    public string[] StunUrls { get; set; } = [];

    public string[] TurnUrls { get; set; } = [];

    public string? TurnSecret { get; set; }

    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromMinutes(10);

    internal static IEnumerable<string> Validate(IceOptions options)
    {
        if (options.CredentialLifetime <= TimeSpan.Zero || options.CredentialLifetime > MaxCredentialLifetime)
        {
            yield return "PeerLink:Ice:CredentialLifetime must be positive and at most 00:15:00.";
        }

        if (options.StunUrls.Any(u => !u.StartsWith("stun:", StringComparison.Ordinal) && !u.StartsWith("stuns:", StringComparison.Ordinal)))
        {
            yield return "PeerLink:Ice:StunUrls must be stun: or stuns: URLs.";
        }

        if (options.TurnUrls.Any(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)))
        {
            yield return "PeerLink:Ice:TurnUrls must be turn: or turns: URLs.";
        }

        if (options.TurnUrls.Length > 0 && string.IsNullOrEmpty(options.TurnSecret))
        {
            yield return "PeerLink:Ice:TurnSecret is required when PeerLink:Ice:TurnUrls are configured.";
        }
    }
}
