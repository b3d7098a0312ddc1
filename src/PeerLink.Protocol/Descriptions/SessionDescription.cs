namespace PeerLink.Protocol;

public enum DtlsSetup
{
    ActPass = 0,
    Active = 1,
    Passive = 2,
}

public enum CandidateType
{
    Host = 0,
    Srflx = 1,
    Prflx = 2,
    Relay = 3,
}

public enum CandidateProtocol
{
    Udp = 0,
    Tcp = 1,
}

/// <summary>One ICE candidate as carried in the compact description (spec §2). <see cref="Address"/> is
/// an IPv4/IPv6 literal or a hostname (mDNS <c>uuid.local</c> names included).</summary>
public sealed record IceCandidate(CandidateType Type, CandidateProtocol Protocol, string Address, int Port);

/// <summary>A data-channel session description reduced to what rebuilds it (spec §2).
/// <see cref="Fingerprint"/> is the 32 raw bytes of the SHA-256 DTLS fingerprint.</summary>
public sealed record SessionDescription(
    string Ufrag,
    string Pwd,
    ReadOnlyMemory<byte> Fingerprint,
    DtlsSetup Setup,
    long? MaxMessageSize,
    int? SctpPort,
    IReadOnlyList<IceCandidate> Candidates);
