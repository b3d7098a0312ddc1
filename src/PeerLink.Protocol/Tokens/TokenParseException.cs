namespace PeerLink.Protocol;

/// <summary>A token or description failed to parse; <see cref="Reason"/> is one of spec §4.3's reasons
/// (<see cref="TokenParseReasons"/>).</summary>
public sealed class TokenParseException : FormatException
{
    public TokenParseException()
        : this(TokenParseReasons.BadJson)
    {
    }

    public TokenParseException(string reason)
        : base($"The bootstrap token is invalid: {reason}.") => Reason = reason;

    public TokenParseException(string reason, Exception innerException)
        : base($"The bootstrap token is invalid: {reason}.", innerException) => Reason = reason;

    public string Reason { get; }
}
