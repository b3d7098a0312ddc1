namespace PeerLink.Protocol;

/// <summary>The wire names of the description enums (spec §2.2), the same in JSON and SDP.</summary>
internal static class WireNames
{
    public static string SetupName(DtlsSetup setup) => setup switch
    {
        DtlsSetup.ActPass => "actpass",
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        _ => throw new TokenParseException(TokenParseReasons.BadSetup),
    };

    public static bool TryParseSetup(string? name, out DtlsSetup setup)
    {
        (var ok, setup) = name switch
        {
            "actpass" => (true, DtlsSetup.ActPass),
            "active" => (true, DtlsSetup.Active),
            "passive" => (true, DtlsSetup.Passive),
            _ => (false, DtlsSetup.ActPass),
        };
        return ok;
    }

    public static string TypeName(CandidateType type) => type switch
    {
        CandidateType.Host => "host",
        CandidateType.Srflx => "srflx",
        CandidateType.Prflx => "prflx",
        CandidateType.Relay => "relay",
        _ => throw new TokenParseException(TokenParseReasons.BadCandidate),
    };

    public static bool TryParseType(string? name, out CandidateType type)
    {
        (var ok, type) = name switch
        {
            "host" => (true, CandidateType.Host),
            "srflx" => (true, CandidateType.Srflx),
            "prflx" => (true, CandidateType.Prflx),
            "relay" => (true, CandidateType.Relay),
            _ => (false, CandidateType.Host),
        };
        return ok;
    }

    public static string ProtocolName(CandidateProtocol protocol) => protocol switch
    {
        CandidateProtocol.Udp => "udp",
        CandidateProtocol.Tcp => "tcp",
        _ => throw new TokenParseException(TokenParseReasons.BadCandidate),
    };

    public static bool TryParseProtocol(string? name, out CandidateProtocol protocol)
    {
        (var ok, protocol) = name switch
        {
            "udp" => (true, CandidateProtocol.Udp),
            "tcp" => (true, CandidateProtocol.Tcp),
            _ => (false, CandidateProtocol.Udp),
        };
        return ok;
    }
}
