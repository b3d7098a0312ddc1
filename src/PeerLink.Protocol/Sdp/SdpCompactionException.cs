namespace PeerLink.Protocol;

/// <summary>An SDP cannot be compacted (spec §3); the SDK reports <c>BOOTSTRAP_GENERATION_FAILED</c>
/// with <see cref="Reason"/> (<c>unsupported_sdp</c>).</summary>
public sealed class SdpCompactionException : FormatException
{
    public const string UnsupportedSdp = "unsupported_sdp";

    public SdpCompactionException()
        : this("the SDP is not a data-channel description")
    {
    }

    public SdpCompactionException(string detail)
        : base($"The SDP cannot be compacted: {detail}.") => Detail = detail;

    public SdpCompactionException(string detail, Exception innerException)
        : base($"The SDP cannot be compacted: {detail}.", innerException) => Detail = detail;

    public string Reason { get; } = UnsupportedSdp;

    public string Detail { get; }
}
