namespace PeerLink.Protocol.Tests.Vectors;

internal sealed record DescriptionVector(string Name, string Sdp, bool EndOfCandidates)
{
    public SessionDescription Description => SdpCompactor.Compact(Sdp);

    public string Rebuilt => SdpCompactor.Rebuild(Description, EndOfCandidates, 1);
}

/// <summary>The cases of spec/vectors/descriptions.json (spec §9).</summary>
internal static class DescriptionVectors
{
    public static IReadOnlyList<DescriptionVector> Valid() =>
    [
        new("chromium offer", Samples.ChromiumOffer, false),
        new("chromium answer", Samples.ChromiumAnswer, false),
        new("firefox offer", Samples.FirefoxOffer, true),
        new("firefox answer", Samples.FirefoxAnswer, true),
        new("phone-like chromium offer: 2 mDNS hosts, srflx, 2 relays", Samples.PhoneOffer, false),
        new("offer without candidates, sctp-port 5001, no max-message-size", Samples.BareOffer, false),
    ];

    public static IReadOnlyList<(string Name, string Sdp)> Unsupported() =>
    [
        ("no data-channel section", Samples.Crlf("v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=ice-ufrag:Xy1z", "a=ice-pwd:q8Rz0e3YtB7vKc2LmN5pWs9a")),
        ("no sha-256 fingerprint (sha-1 and sha-512 only)", Samples.BareOffer.Replace("a=fingerprint:sha-256", "a=fingerprint:sha-512", StringComparison.Ordinal)),
        ("no ice-ufrag", Samples.ChromiumOffer.Replace("a=ice-ufrag:Xy1z\r\n", string.Empty, StringComparison.Ordinal)),
        ("no ice-pwd", Samples.FirefoxOffer.Replace("a=ice-pwd:6a1f3c9e2b7d4058a9e1c3b5d7f90246\r\n", string.Empty, StringComparison.Ordinal)),
        ("setup holdconn", Samples.ChromiumOffer.Replace("a=setup:actpass", "a=setup:holdconn", StringComparison.Ordinal)),
    ];
}
